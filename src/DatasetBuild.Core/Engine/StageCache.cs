using System.Buffers.Binary;
using System.IO.Hashing;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.IO;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// The content-addressed stage cache: <c>&lt;root&gt;/&lt;kind&gt;/&lt;key[0..2]&gt;/&lt;key&gt;.dsbc</c>.
/// An entry is its payload followed by a trailer (payload length, XxHash128 of the payload, magic).
/// Entries are written atomically and verified on every read; a corrupt entry is reported as a
/// warning, deleted, and the caller recomputes it. Holds no data between calls.
/// </summary>
public sealed class StageCache(string root, DiagnosticBag diagnostics)
{
    private const int TrailerLength = 8 + 16 + 8;
    private static readonly byte[] Magic = "DSBCACHE"u8.ToArray();

    public string Root { get; } = Path.GetFullPath(root);

    public string PathFor(string kind, string key) => Path.Combine(Root, kind, key[..2], key + ".dsbc");

    /// <summary>The verified entry, or null when it is absent or was corrupt (then it is deleted and a DSB4001 warning logged).</summary>
    public CacheEntry? TryGet(string kind, string key)
    {
        var path = PathFor(kind, key);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);
            if (stream.Length < TrailerLength)
            {
                return Corrupt(path, "it is shorter than its trailer");
            }

            var trailer = new byte[TrailerLength];
            stream.Seek(-TrailerLength, SeekOrigin.End);
            stream.ReadExactly(trailer);
            var payloadLength = BinaryPrimitives.ReadInt64LittleEndian(trailer);
            if (!trailer.AsSpan(24).SequenceEqual(Magic) || payloadLength != stream.Length - TrailerLength)
            {
                return Corrupt(path, "its trailer is damaged");
            }

            stream.Seek(0, SeekOrigin.Begin);
            var hasher = new XxHash128();
            var buffer = new byte[1 << 16];
            var remaining = payloadLength;
            while (remaining > 0)
            {
                var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0)
                {
                    return Corrupt(path, "it is truncated");
                }

                hasher.Append(buffer.AsSpan(0, read));
                remaining -= read;
            }

            var actual = hasher.GetCurrentHash();
            if (!actual.AsSpan().SequenceEqual(trailer.AsSpan(8, 16)))
            {
                return Corrupt(path, "its content does not match its hash");
            }

            return new CacheEntry(path, payloadLength, Convert.ToHexStringLower(actual), Hit: true);
        }
        catch (IOException ex)
        {
            return Corrupt(path, ex.Message);
        }
    }

    /// <summary>Writes an entry atomically. A concurrent writer of the same key writes the same bytes, so the last rename wins harmlessly.</summary>
    public CacheEntry Put(string kind, string key, Action<Stream> writePayload)
    {
        var path = PathFor(kind, key);
        string? contentHash = null;
        long payloadLength = 0;
        AtomicFile.Write(path, stream =>
        {
            var hashing = new HashingWriteStream(stream);
            writePayload(hashing);
            hashing.Flush();
            payloadLength = hashing.BytesWritten;
            var hash = hashing.Hash();
            contentHash = Convert.ToHexStringLower(hash);
            var trailer = new byte[TrailerLength];
            BinaryPrimitives.WriteInt64LittleEndian(trailer, payloadLength);
            hash.CopyTo(trailer, 8);
            Magic.CopyTo(trailer, 24);
            stream.Write(trailer);
        });
        return new CacheEntry(path, payloadLength, contentHash!, Hit: false);
    }

    private CacheEntry? Corrupt(string path, string why)
    {
        diagnostics.Warning(
            DiagnosticCodes.CacheCorrupt,
            SourceLocation.InFile(path),
            $"cache entry is corrupt ({why}); it was discarded and will be rebuilt");
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Another build may hold it open; it is rebuilt under the same key anyway.
        }

        return null;
    }

    /// <summary>Passes writes through while hashing them.</summary>
    private sealed class HashingWriteStream(Stream inner) : Stream
    {
        private readonly XxHash128 _hasher = new();

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

        public byte[] Hash() => _hasher.GetCurrentHash();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _hasher.Append(buffer);
            inner.Write(buffer);
            BytesWritten += buffer.Length;
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            // The inner stream belongs to the caller.
        }
    }
}
