using System.Security.Cryptography;
using System.Text;

namespace DatasetBuild.Core.Engine;

/// <summary>Builds a cache key: SHA-256 over length-prefixed parts, always starting with the engine version.</summary>
public sealed class StageKey
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public StageKey(string stage)
    {
        Add(EngineVersion.CacheFormat).Add(stage);
    }

    public StageKey Add(string? part)
    {
        var bytes = Encoding.UTF8.GetBytes(part ?? "\0null");
        _hash.AppendData(BitConverter.GetBytes(bytes.Length));
        _hash.AppendData(bytes);
        return this;
    }

    /// <summary>Adds bytes (length-prefixed, as a string part is): many small values encoded once cost one hash call.</summary>
    public StageKey Add(ReadOnlySpan<byte> part)
    {
        _hash.AppendData(BitConverter.GetBytes(part.Length));
        _hash.AppendData(part);
        return this;
    }

    public string Finish() => Convert.ToHexStringLower(_hash.GetHashAndReset());
}
