namespace DatasetBuild.Core.IO;

/// <summary>
/// Passes writes through to a stream (left open) while computing their SHA-256 (on another thread,
/// <see cref="BackgroundSha256"/>), so a file's hash is known once written.
/// </summary>
public sealed class Sha256WriteStream(Stream inner) : WriteThroughStream(inner)
{
    private readonly BackgroundSha256 _hash = new();

    /// <summary>The lower-case hex SHA-256 of everything written; call once, after the last write.</summary>
    public string Finish() => _hash.Finish();

    /// <summary>
    /// Writes <paramref name="length"/> bytes of <paramref name="pooled"/> (rented from the shared array pool), then hands
    /// the buffer to the hashing thread instead of copying it (<see cref="BackgroundSha256.AppendOwned"/>): the caller
    /// must not touch it after.
    /// </summary>
    public void WriteOwned(byte[] pooled, int length)
    {
        WriteUnobserved(pooled.AsSpan(0, length));
        _hash.AppendOwned(pooled, length);
    }

    protected override void Observe(ReadOnlySpan<byte> bytes) => _hash.Append(bytes);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
