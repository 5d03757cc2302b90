using DatasetBuild.Core.IO;

namespace DatasetBuild.Core.Engine;

/// <summary>A verified cache entry: a payload and the XxHash128 of that payload (its content hash).</summary>
public sealed record CacheEntry(string Path, long PayloadLength, string ContentHash, bool Hit)
{
    /// <summary>A read-only view of the payload (the trailer is not part of it).</summary>
    public Stream OpenPayload()
    {
        var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);
        return new BoundedStream(file, PayloadLength);
    }
}
