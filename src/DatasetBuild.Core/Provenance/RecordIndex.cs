using System.IO.Hashing;
using System.Text;
using DatasetBuild.Core.Engine;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Provenance;

/// <summary>
/// The kept records of one dataset version as (source, id) → hash of values, stored in the stage cache
/// under the content hash. Comparing two versions' indexes tells which bump a change implies.
/// </summary>
public sealed class RecordIndex
{
    public const string Kind = "records";

    private readonly Dictionary<(string Source, string Id), UInt128> _records = [];

    public int Count => _records.Count;

    /// <summary>The (source, id) pairs of the records, for reports.</summary>
    public IEnumerable<(string Source, string Id)> Keys => _records.Keys;

    private readonly MemoryStream _buffer = new();

    public void Add(string source, Record record)
    {
        _buffer.SetLength(0);
        using (var writer = new BinaryWriter(_buffer, Encoding.UTF8, leaveOpen: true))
        {
            foreach (var value in record.Values)
            {
                RecordEncoding.WriteValue(writer, value);
            }

            foreach (var asset in record.Assets ?? [])
            {
                writer.Write(Encoding.UTF8.GetBytes(asset.Sha256 ?? ""));
            }
        }

        _records[(source, record.Id)] = XxHash128.HashToUInt128(_buffer.GetBuffer().AsSpan(0, (int)_buffer.Length));
    }

    public static string KeyFor(string contentHash) => new StageKey(Kind).Add(contentHash).Finish();

    public void Save(StageCache cache, string contentHash)
    {
        if (cache.TryGet(Kind, KeyFor(contentHash)) is not null)
        {
            return;
        }

        cache.Put(Kind, KeyFor(contentHash), payload =>
        {
            using var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
            // In the order the records were added (the dataset's output order, deterministic): no sort needed.
            foreach (var ((source, id), hash) in _records)
            {
                writer.Write((byte)1);
                writer.Write(source);
                writer.Write(id);
                writer.Write((ulong)(hash >> 64));
                writer.Write((ulong)hash);
            }

            writer.Write((byte)0);
        });
    }

    public static RecordIndex? TryLoad(StageCache cache, string contentHash)
    {
        if (cache.TryGet(Kind, KeyFor(contentHash)) is not { } entry)
        {
            return null;
        }

        var index = new RecordIndex();
        using var payload = entry.OpenPayload();
        using var reader = new BinaryReader(new BufferedStream(payload, 1 << 16), Encoding.UTF8);
        while (reader.ReadByte() == 1)
        {
            var source = reader.ReadString();
            var id = reader.ReadString();
            var upper = reader.ReadUInt64();
            var lower = reader.ReadUInt64();
            index._records[(source, id)] = new UInt128(upper, lower);
        }

        return index;
    }

    /// <summary>What changed from <paramref name="previous"/> to this version, and the bump that implies.</summary>
    public RecordChanges ComparedTo(RecordIndex previous)
    {
        var (added, removed, changed) = Differences(previous);
        var bump = removed.Count > 0 || changed.Count > 0 ? VersionBump.Major : added.Count > 0 ? VersionBump.Minor : VersionBump.Patch;
        return new RecordChanges(added.Count, removed.Count, changed.Count, bump);
    }

    /// <summary>The records only here, only in <paramref name="previous"/>, and in both with other values.</summary>
    public (List<(string Source, string Id)> Added, List<(string Source, string Id)> Removed, List<(string Source, string Id)> Changed) Differences(RecordIndex previous)
    {
        var added = new List<(string, string)>();
        var changed = new List<(string, string)>();
        foreach (var (key, hash) in _records)
        {
            if (!previous._records.TryGetValue(key, out var before))
            {
                added.Add(key);
            }
            else if (before != hash)
            {
                changed.Add(key);
            }
        }

        var removed = previous._records.Keys.Where(k => !_records.ContainsKey(k)).ToList();
        return (Sorted(added), Sorted(removed), Sorted(changed));
    }

    private static List<(string Source, string Id)> Sorted(List<(string Source, string Id)> keys) =>
        keys.OrderBy(k => k.Source, StringComparer.Ordinal).ThenBy(k => k.Id, StringComparer.Ordinal).ToList();
}

public sealed record RecordChanges(long Added, long Removed, long Changed, VersionBump Implied)
{
    public override string ToString() => $"{Added} records added, {Removed} removed, {Changed} changed";
}
