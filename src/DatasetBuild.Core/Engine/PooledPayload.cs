using System.Buffers;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// A cache entry's whole payload, read (and its hash checked) into a pooled buffer, for decoders that parse bytes in
/// memory. Dispose returns the buffer; the bytes must not be used after.
/// </summary>
public sealed class PooledPayload : IDisposable
{
    private byte[]? _buffer;

    private PooledPayload(string path, byte[] buffer, int length)
    {
        Path = path;
        _buffer = buffer;
        Length = length;
    }

    /// <summary>The entry's file, for messages about damage.</summary>
    public string Path { get; }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => (_buffer ?? throw new ObjectDisposedException(Path)).AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(Path)).AsMemory(0, Length);

    /// <summary>Reads the payload of <paramref name="entry"/>; a payload that does not match its hash throws <see cref="CacheCorruptException"/>.</summary>
    public static PooledPayload Read(CacheEntry entry)
    {
        if (entry.PayloadLength is < 0 or > int.MaxValue)
        {
            throw new CacheCorruptException(entry.Path, $"its payload of {entry.PayloadLength} bytes is too large to read whole");
        }

        var length = (int)entry.PayloadLength;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            using var payload = entry.OpenPayload();
            payload.ReadExactly(buffer, 0, length); // reading to the end checks the hash
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new PooledPayload(entry.Path, buffer, length);
    }

    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
