using DatasetBuild.Core.IO;

namespace DatasetBuild.Core.Engine;

/// <summary>A cache entry: a payload and the XxHash128 of that payload (its content hash), from its trailer.</summary>
public sealed record CacheEntry(string Path, long PayloadLength, string ContentHash, bool Hit)
{
    /// <summary>The entry's cache key (its file name).</summary>
    public string Key => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>
    /// A read-only view of the payload. It hashes what is read and, on reaching the end, throws
    /// <see cref="CacheCorruptException"/> when the bytes do not match the entry's hash.
    /// </summary>
    public Stream OpenPayload()
    {
        var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);
        return new VerifyingStream(new BoundedStream(file, PayloadLength), PayloadLength, Convert.FromHexString(ContentHash), Path);
    }
}
