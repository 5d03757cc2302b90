using DatasetBuild.Core.IO;
using DatasetBuild.Core.Provenance;

namespace DatasetBuild.Core.Engine.Stages.Emit;

/// <summary>
/// What the last build published in an output folder: its manifest's outputs and their SHA-256s, trusted for a file
/// only while the file is as that build left it (not written after the manifest, which is written after the data
/// files). An output whose bytes did not change is then recognised without reading it, and keeps its time.
/// </summary>
internal sealed class PublishedOutputs
{
    private readonly Dictionary<string, string> _sha256ByPath;
    private readonly DateTime _manifestTime;

    private PublishedOutputs(Dictionary<string, string> sha256ByPath, DateTime manifestTime)
    {
        _sha256ByPath = sha256ByPath;
        _manifestTime = manifestTime;
    }

    public static PublishedOutputs Read(string outputDirectory)
    {
        var manifestPath = Path.Combine(outputDirectory, "manifest.json");
        try
        {
            if (File.Exists(manifestPath) && ManifestJson.Read(manifestPath) is { } manifest)
            {
                return new PublishedOutputs(
                    manifest.Outputs.GroupBy(o => o.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Sha256, StringComparer.Ordinal),
                    File.GetLastWriteTimeUtc(manifestPath));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            // A manifest that cannot be read vouches for nothing: every output is replaced.
        }

        return new PublishedOutputs([], DateTime.MinValue);
    }

    /// <summary>
    /// Whether <paramref name="file"/> is as the last build published it with SHA-256 <paramref name="sha256"/>: not written
    /// since the manifest, and listed there with that hash (for <paramref name="relative"/> null, a file the manifest
    /// does not list, such as lineage.parquet: not written since the manifest).
    /// </summary>
    public bool Vouches(string? relative, Microsoft.Win32.SafeHandles.SafeFileHandle file, string sha256) =>
        (relative is null || (_sha256ByPath.TryGetValue(relative, out var published) && published == sha256))
        && IsAsPublished(File.GetLastWriteTimeUtc(file));

    /// <summary>
    /// The SHA-256 published for <paramref name="relative"/> (at <paramref name="path"/>) while the file is unchanged since,
    /// else <see cref="AtomicFile.NotKnown"/>.
    /// </summary>
    public string Sha256Of(string relative, string path) =>
        _sha256ByPath.TryGetValue(relative, out var sha) && File.Exists(path) && IsAsPublished(File.GetLastWriteTimeUtc(path)) ? sha : AtomicFile.NotKnown;

    /// <summary>A file last written then is as the last build left it: not written after its manifest (written after the data files).</summary>
    private bool IsAsPublished(DateTime lastWriteUtc) => lastWriteUtc <= _manifestTime;
}
