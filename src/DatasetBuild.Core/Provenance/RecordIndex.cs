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

    private readonly Dictionary<(int Source, string Id), UInt128> _records = [];

    public int Count => _records.Count;

    public void Add(int source, Record record)
    {
        var hasher = new XxHash128();
        hasher.Append(RecordEncoding.ContentBytes(record.Values));
        _records[(source, record.Id)] = hasher.GetCurrentHashAsUInt128();
    }

    public static string KeyFor(string contentHash) => contentHash.Replace("sha256:", "", StringComparison.Ordinal);

    public void Save(StageCache cache, string contentHash)
    {
        if (cache.TryGet(Kind, KeyFor(contentHash)) is not null)
        {
            return;
        }

        cache.Put(Kind, KeyFor(contentHash), payload =>
        {
            using var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
            foreach (var ((source, id), hash) in _records.OrderBy(r => r.Key.Source).ThenBy(r => r.Key.Id, StringComparer.Ordinal))
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
            var source = reader.ReadInt32();
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
        long added = 0, changed = 0;
        foreach (var (key, hash) in _records)
        {
            if (!previous._records.TryGetValue(key, out var before))
            {
                added++;
            }
            else if (before != hash)
            {
                changed++;
            }
        }

        var removed = previous._records.Keys.Count(k => !_records.ContainsKey(k));
        var bump = removed > 0 || changed > 0 ? VersionBump.Major : added > 0 ? VersionBump.Minor : VersionBump.Patch;
        return new RecordChanges(added, removed, changed, bump);
    }
}

public sealed record RecordChanges(long Added, long Removed, long Changed, VersionBump Implied)
{
    public override string ToString() => $"{Added} records added, {Removed} removed, {Changed} changed";
}
