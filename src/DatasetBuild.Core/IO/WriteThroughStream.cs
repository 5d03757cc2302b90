namespace DatasetBuild.Core.IO;

/// <summary>
/// The members every forward-only, write-through wrapper stream shares: each write is shown to <see cref="Observe"/>
/// (to hash or checksum it), then passed on to the inner stream, which the wrapper leaves open.
/// </summary>
public abstract class WriteThroughStream(Stream inner) : Stream
{
    public long BytesWritten { get; private set; }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => BytesWritten;

    public override long Position
    {
        get => BytesWritten;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Observe(buffer);
        inner.Write(buffer);
        BytesWritten += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>Passes bytes on without showing them to <see cref="Observe"/>: for bytes the wrapper observes another way.</summary>
    protected void WriteUnobserved(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        BytesWritten += buffer.Length;
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Sees each write's bytes before they go on.</summary>
    protected abstract void Observe(ReadOnlySpan<byte> bytes);
}
