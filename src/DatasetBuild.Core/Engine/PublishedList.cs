using System.Text;
using DatasetBuild.Core.IO;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// The files the emit stage published, one full path a line, in the stage state folder: the MSBuild targets read it on
/// every build and run emit again when one of them is gone (a deleted data file comes back from the cache, as a
/// compiler's deleted output would), which the stage's own state file cannot tell.
/// </summary>
public static class PublishedList
{
    public const string FileName = "published.txt";

    /// <summary>Writes the list (only when it changed); returns its path.</summary>
    public static string Save(string stateDirectory, IEnumerable<string> files)
    {
        var path = Path.Combine(stateDirectory, FileName);
        var text = string.Concat(files.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).Select(f => f + "\n"));
        AtomicFile.WriteIfChanged(path, Encoding.UTF8.GetBytes(text), durable: false); // derived, like the files it lists
        return path;
    }
}
