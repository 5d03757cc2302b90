namespace DatasetBuild.Core.IO;

/// <summary>A read-only stream over the first <c>length</c> bytes of another stream; disposes it.</summary>
public sealed class BoundedStream(Stream inner, long length) : ReadOnlyStream
{
    private long _position;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var remaining = length - _position;
        if (remaining <= 0)
        {
            return 0;
        }

        var read = inner.Read(buffer[..(int)Math.Min(buffer.Length, remaining)]);
        _position += read;
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
