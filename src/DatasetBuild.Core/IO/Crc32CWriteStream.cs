namespace DatasetBuild.Core.IO;

/// <summary>Passes writes through to a stream (left open) while computing their CRC-32C (<see cref="Crc32C"/>).</summary>
public sealed class Crc32CWriteStream(Stream inner) : Stream
{
    private Crc32C _crc;
    private long _written;

    /// <summary>The CRC-32C of everything written so far.</summary>
    public uint Checksum => _crc.Value;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _crc.Append(buffer);
        inner.Write(buffer);
        _written += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
