using System.IO.Hashing;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.IO;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// The content-addressed stage cache: <c>&lt;root&gt;/&lt;kind&gt;/&lt;key[0..2]&gt;/&lt;key&gt;.dsbc</c>.
/// An entry is its payload followed by a trailer (payload length, XxHash128 of the payload, CRC-32C of the payload, magic).
/// Entries are written atomically and verified on every read of their payload; a corrupt entry is
/// reported as a warning, deleted, and recomputed. A stage that reuses an entry checks its trailer only: the
/// payload is checked when some stage reads it, and one no stage reads cannot harm the dataset. So a build
/// that reuses a million records' entries does not read them. Holds no data between calls.
/// </summary>
public sealed class StageCache(string root, DiagnosticBag diagnostics)
{
    // The entries this stage run found or wrote: where to look when a reader fails on bytes it could not decode.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, CacheEntry> _touched = new(StringComparer.Ordinal);

    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>Every entry this run found (<see cref="TryGet"/>), wrote, or reused through a memo.</summary>
    public IEnumerable<CacheEntry> Touched => _touched.Values;

    /// <summary>Notes an entry reused without a lookup (a stage memo), so a failure search covers it.</summary>
    public CacheEntry Track(CacheEntry entry) => _touched[entry.Path] = entry;

    public string PathFor(string kind, string key) => Path.Combine(Root, kind, key[..2], key + ".dsbc");

    /// <summary>
    /// The entry, or null when it is absent or its trailer is damaged (then it is deleted and a DSB4001
    /// warning logged). Only the trailer is read here; the payload is verified against the trailer's hash
    /// as it is streamed (<see cref="CacheEntry.OpenPayload"/>), so a cache hit that is never read costs nothing.
    /// </summary>
    public CacheEntry? TryGet(string kind, string key)
    {
        var path = PathFor(kind, key);
        var entry = CacheEntry.TryOpen(path, out var damage);
        return entry is not null ? Track(entry) : damage is null ? null : Corrupt(path, damage);
    }

    /// <summary>
    /// The entry's whole payload, read and checked in one open (for entries that are read whole anyway), or null
    /// when it is absent or damaged (then it is deleted and a DSB4001 warning logged, so the caller rebuilds it).
    /// </summary>
    public PooledPayload? TryRead(string kind, string key)
    {
        var path = PathFor(kind, key);
        var payload = PooledPayload.TryReadFile(path, out var entry, out var damage);
        if (entry is not null)
        {
            Track(entry);
        }

        if (damage is not null)
        {
            Corrupt(path, damage);
        }

        return payload;
    }

    /// <summary>Reports a corrupt entry found while streaming it, and deletes it so it is rebuilt.</summary>
    public void Discard(CacheCorruptException corrupt) => Corrupt(corrupt.EntryPath, corrupt.Reason);

    /// <summary>Writes an entry atomically. A concurrent writer of the same key writes the same bytes, so the last rename wins harmlessly.</summary>
    public CacheEntry Put(string kind, string key, Action<Stream> writePayload)
    {
        var path = PathFor(kind, key);
        string? contentHash = null;
        long payloadLength = 0;
        ulong checksum = 0;
        try
        {
            WriteEntry(path, writePayload, out contentHash, out payloadLength, out checksum);
        }
        catch (IOException) when (File.Exists(path) && TryGet(kind, key) is { } concurrent)
        {
            // Another build published the same entry first (on Windows its open readers block the rename); same key, same bytes.
            return concurrent with { Hit = false };
        }

        return Track(new CacheEntry(path, payloadLength, contentHash!, checksum, Hit: false));
    }

    private static void WriteEntry(string path, Action<Stream> writePayload, out string? contentHash, out long payloadLength, out ulong checksum)
    {
        string? hashText = null;
        long length = 0;
        ulong crc = 0;
        AtomicFile.Write(path, stream =>
        {
            var hashing = new HashingWriteStream(stream);
            using (var buffered = new BufferedStream(hashing, 1 << 16))
            {
                // Writers of small values (keys, ids) would otherwise hash and write a few bytes at a time.
                // A writer that disposes the stream it was given has flushed it already.
                writePayload(buffered);
                if (buffered.CanWrite)
                {
                    buffered.Flush();
                }
            }

            hashing.Flush();
            length = hashing.BytesWritten;
            var hash = hashing.Hash();
            hashText = Convert.ToHexStringLower(hash);
            crc = hashing.Checksum();
            stream.Write(CacheEntry.Trailer(length, hash, crc));
        }, durable: false); // the trailer's checksum finds a torn entry, which is then rebuilt
        contentHash = hashText;
        payloadLength = length;
        checksum = crc;
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

    /// <summary>Passes writes through (the inner stream belongs to the caller) while hashing (XxHash128) and checksumming (CRC-32C) them.</summary>
    private sealed class HashingWriteStream(Stream inner) : WriteThroughStream(inner)
    {
        private readonly XxHash128 _hasher = new();
        private Crc32C _checksum = new();

        public byte[] Hash() => _hasher.GetCurrentHash();

        public ulong Checksum() => _checksum.Value;

        protected override void Observe(ReadOnlySpan<byte> bytes)
        {
            _hasher.Append(bytes);
            _checksum.Append(bytes);
        }
    }
}
