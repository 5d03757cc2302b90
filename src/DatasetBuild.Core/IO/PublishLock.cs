namespace DatasetBuild.Core.IO;

/// <summary>
/// An exclusive lock on a folder's outputs (a lock file held open with no sharing), so two builds never interleave
/// their publication of data, lineage, manifest and lock into one folder. The lock file lives in the stage cache
/// (<c>publish/&lt;hash of the folder's real path&gt;.lock</c>), not in or beside the folder: the folder is what gets
/// published and stays exactly the dataset, its parent may not be writable, and every build that publishes to one
/// folder (two projects, two configurations, a path through a symbolic link) meets the same lock as long as they
/// share a cache. Lock files are empty and never deleted: a waiter could otherwise lock a fresh file of the same name.
/// </summary>
public sealed class PublishLock : IDisposable
{
    private readonly FileStream _stream;

    private PublishLock(FileStream stream) => _stream = stream;

    public static PublishLock Acquire(string cacheRoot, string folder, TimeSpan timeout)
    {
        Directory.CreateDirectory(folder);
        var path = PathFor(cacheRoot, folder);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
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

    /// <summary>The lock file of <paramref name="folder"/> in the cache at <paramref name="cacheRoot"/>.</summary>
    public static string PathFor(string cacheRoot, string folder)
    {
        var real = Path.TrimEndingDirectorySeparator(RealPath.Of(folder));
        var name = Convert.ToHexStringLower(System.IO.Hashing.XxHash64.Hash(System.Text.Encoding.UTF8.GetBytes(real)));
        return Path.Combine(cacheRoot, "publish", name + ".lock");
    }

    public void Dispose() => _stream.Dispose();
}
