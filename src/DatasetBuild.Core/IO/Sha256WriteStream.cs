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
