namespace DatasetBuild.Core.IO;

/// <summary>
/// An exclusive lock on a folder's outputs (a lock file held open with no sharing), so two builds of one
/// project never interleave their publication of data, lineage, manifest and lock. The lock file lies beside the
/// folder (<c>.&lt;folder&gt;.publish.lock</c>), not in it: the folder is what gets published, and it stays exactly the
/// dataset. It is never deleted while builds may wait on it (a waiter could then lock a fresh file of the same name).
/// </summary>
public sealed class PublishLock : IDisposable
{
    private readonly FileStream _stream;

    private PublishLock(FileStream stream) => _stream = stream;

    public static PublishLock Acquire(string folder, TimeSpan timeout)
    {
        Directory.CreateDirectory(folder);
        var path = PathFor(folder);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new PublishLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>The lock file of <paramref name="folder"/>: beside it, or inside a root folder, which has nothing beside it.</summary>
    public static string PathFor(string folder)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return Path.GetDirectoryName(full) is { } parent && Path.GetFileName(full) is { Length: > 0 } name
            ? Path.Combine(parent, $".{name}.publish.lock")
            : Path.Combine(full, ".publish.lock");
    }

    public void Dispose() => _stream.Dispose();
}
