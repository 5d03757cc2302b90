using System.Text;
using DatasetBuild.Core.Engine;
using DatasetBuild.Core.Engine.Stages.Emit;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Provenance;

/// <summary>
/// The kept records of one dataset version as (source, id) → hash of values, for telling which version bump a
/// change implies and for data diffs. Stored in the stage cache under the content hash as the list of the emit
/// jobs that wrote the version (each job's pieces hold the index of their records), so saving it costs nothing
/// per record and comparing two versions reads only the jobs that differ: a record in a job both versions share
/// is the same in both (ids are unique within a source).
/// </summary>
public sealed class RecordIndex(StageCache cache, IReadOnlyList<(string Job, int Pieces)> jobs)
{
    public const string Kind = "records";

    public IReadOnlyList<(string Job, int Pieces)> Jobs { get; } = jobs;

    /// <summary>Appends one kept record to a piece's index section.</summary>
    public static void Write(BinaryWriter writer, string source, Record record, MemoryStream scratch)
    {
        writer.Write((byte)1);
        writer.Write(source);
        writer.Write(record.Id);
        writer.WriteKey(HashOf(record, scratch));
    }

    /// <summary>Ends a piece's index section.</summary>
    public static void End(BinaryWriter writer) => writer.Write((byte)0);

    /// <summary>A record's values and asset hashes, hashed (the id is the key, not part of the hash).</summary>
    public static Hash128 HashOf(Record record, MemoryStream buffer)
    {
        buffer.SetLength(0);
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
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

        return Hash128.Of(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    public static string KeyFor(string contentHash) => new StageKey(Kind).Add(contentHash).Finish();

    /// <summary>
    /// Stores the job list under the content hash, replacing another list for the same content (the same records
    /// written with another output config): the latest is the one whose pieces are most likely still cached.
    /// </summary>
    public void Save(string contentHash)
    {
        if (TryLoad(cache, contentHash) is { } stored && stored.Jobs.SequenceEqual(Jobs))
        {
            return;
        }

        cache.Put(Kind, KeyFor(contentHash), payload =>
        {
            using var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
            writer.Write(Jobs.Count);
            foreach (var (job, pieces) in Jobs)
            {
                writer.Write(job);
                writer.Write(pieces);
            }
        });
    }

    public static RecordIndex? TryLoad(StageCache cache, string contentHash)
    {
        if (cache.TryGet(Kind, KeyFor(contentHash)) is not { } entry)
        {
            return null;
        }

        try
        {
            using var payload = entry.OpenPayload();
            using var reader = new BinaryReader(payload, Encoding.UTF8);
            var jobs = new List<(string, int)>();
            for (var n = reader.ReadInt32(); n > 0; n--)
            {
                jobs.Add((reader.ReadString(), reader.ReadInt32()));
            }

            payload.CopyTo(Stream.Null);
            return new RecordIndex(cache, jobs);
        }
        catch (Exception ex) when (ex is CacheCorruptException or EndOfStreamException)
        {
            return null;
        }
    }

    /// <summary>What changed from <paramref name="previous"/> to this version, and the bump that implies; null when a job's pieces are no longer in the cache.</summary>
    public RecordChanges? ComparedTo(RecordIndex previous)
    {
        if (Differences(previous) is not { } differences)
        {
            return null;
        }

        var (added, removed, changed) = differences;
        var bump = removed.Count > 0 || changed.Count > 0 ? VersionBump.Major : added.Count > 0 ? VersionBump.Minor : VersionBump.Patch;
        return new RecordChanges(added.Count, removed.Count, changed.Count, bump);
    }

    /// <summary>
    /// The records only here, only in <paramref name="previous"/>, and in both with other values; null when a
    /// differing job's pieces are no longer in the cache.
    /// </summary>
    public (List<(string Source, string Id)> Added, List<(string Source, string Id)> Removed, List<(string Source, string Id)> Changed)? Differences(RecordIndex previous)
    {
        var shared = new HashSet<(string, int)>(Jobs);
        shared.IntersectWith(previous.Jobs);
        if (ReadRecords(Jobs.Where(j => !shared.Contains(j))) is not { } mine || previous.ReadRecords(previous.Jobs.Where(j => !shared.Contains(j))) is not { } theirs)
        {
            return null;
        }

        var added = new List<(string, string)>();
        var changed = new List<(string, string)>();
        foreach (var (key, hash) in mine)
        {
            if (!theirs.TryGetValue(key, out var before))
            {
                added.Add(key);
            }
            else if (before != hash)
            {
                changed.Add(key);
            }
        }

        var removed = theirs.Keys.Where(k => !mine.ContainsKey(k)).ToList();
        return (Sorted(added), Sorted(removed), Sorted(changed));
    }

    private Dictionary<(string Source, string Id), Hash128>? ReadRecords(IEnumerable<(string Job, int Pieces)> jobs)
    {
        var records = new Dictionary<(string, string), Hash128>();
        foreach (var (job, pieces) in jobs)
        {
            for (var piece = 0; piece < pieces; piece++)
            {
                if (cache.TryGet(EmitJobBuilder.PieceKind, EmitJobBuilder.PieceKey(job, piece)) is not { } entry)
                {
                    return null;
                }

                try
                {
                    // The index is the last section; only it is copied out of the pooled buffer.
                    var index = PiecePayload.Read(entry, sections: null).Where(section => section.IsLast).Select(section => section.Bytes.ToArray()).Single();
                    using var reader = new BinaryReader(new MemoryStream(index), Encoding.UTF8);
                    while (reader.ReadByte() == 1)
                    {
                        var source = reader.ReadString();
                        var id = reader.ReadString();
                        records[(source, id)] = reader.ReadKey();
                    }
                }
                catch (Exception ex) when (ex is CacheCorruptException or EndOfStreamException)
                {
                    return null;
                }
            }
        }

        return records;
    }

    private static List<(string Source, string Id)> Sorted(List<(string Source, string Id)> keys) =>
        keys.OrderBy(k => k.Source, StringComparer.Ordinal).ThenBy(k => k.Id, StringComparer.Ordinal).ToList();
}

public sealed record RecordChanges(long Added, long Removed, long Changed, VersionBump Implied)
{
    public override string ToString() => $"{Added} records added, {Removed} removed, {Changed} changed";
}
