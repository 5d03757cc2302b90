using System.IO.Hashing;
using DatasetBuild.Core.Engine;

namespace DatasetBuild.Core.IO;

/// <summary>Hashes a stream as it is read and checks the XxHash128 once the expected length has been read.</summary>
public sealed class VerifyingStream(Stream inner, long length, byte[] expectedHash, string path) : ReadOnlyStream
{
    private readonly XxHash128 _hasher = new();
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
        _hasher.Append(buffer[..read]);
        _position += read;
        if (read == 0 && _position < length)
        {
            throw new CacheCorruptException(path, "it is truncated");
        }

        if (_position == length && !_verified)
        {
            _verified = true;
            if (!_hasher.GetCurrentHash().AsSpan().SequenceEqual(expectedHash))
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
