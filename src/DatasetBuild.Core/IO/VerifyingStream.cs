using DatasetBuild.Core.Engine;

namespace DatasetBuild.Core.IO;

/// <summary>Checksums a stream as it is read and checks its CRC-32C once the expected length has been read.</summary>
public sealed class VerifyingStream(Stream inner, long length, ulong expectedChecksum, string path) : ReadOnlyStream
{
    private Crc32C _checksum = new();
    private long _position;
    private bool _verified;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        _checksum.Append(buffer[..read]);
        _position += read;
        if (read == 0 && _position < length)
        {
            throw new CacheCorruptException(path, "it is truncated");
        }

        if (_position == length && !_verified)
        {
            _verified = true;
            if (_checksum.Value != expectedChecksum)
            {
                throw new CacheCorruptException(path, "its content does not match its hash");
            }
        }

        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
