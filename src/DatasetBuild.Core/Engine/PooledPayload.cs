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

    /// <summary>
    /// Reads a whole entry file in one open: its trailer and its payload, checked against the trailer's CRC-32C. Null
    /// when the file is absent; null with <paramref name="damage"/> when its trailer or its payload is damaged.
    /// </summary>
    public static PooledPayload? TryReadFile(string path, out CacheEntry? entry, out string? damage)
    {
        entry = null;
        damage = null;
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        byte[]? buffer = null;
        try
        {
            using (handle)
            {
                var fileLength = RandomAccess.GetLength(handle);
                if (fileLength < CacheEntry.TrailerLength || fileLength - CacheEntry.TrailerLength > int.MaxValue)
                {
                    damage = "it is shorter than its trailer, or too large to read whole";
                    return null;
                }

                buffer = ArrayPool<byte>.Shared.Rent((int)fileLength);
                if (IO.HandleReads.ReadFully(handle, buffer.AsSpan(0, (int)fileLength), 0) < fileLength)
                {
                    damage = "it is truncated";
                    return Release(ref buffer);
                }

                var length = (int)fileLength - CacheEntry.TrailerLength;
                entry = CacheEntry.FromTrailer(path, buffer.AsSpan(length, CacheEntry.TrailerLength), fileLength, out damage);
                if (entry is null)
                {
                    return Release(ref buffer);
                }

                if (IO.Crc32C.Of(buffer.AsSpan(0, length)) != entry.Checksum)
                {
                    damage = "its content does not match its hash";
                    entry = null;
                    return Release(ref buffer);
                }

                var payload = new PooledPayload(path, buffer, length);
                buffer = null;
                return payload;
            }
        }
        catch (IOException ex)
        {
            damage = ex.Message;
            entry = null;
            return Release(ref buffer);
        }
    }

    private static PooledPayload? Release(ref byte[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }

        return null;
    }

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
