using System.Runtime.InteropServices;
using System.Text;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Operators.Dedup.Near;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// What <c>dedup.near</c>'s last build in this project found, so that a build with a few files more or fewer redoes
/// only what they touch: the records it compared (<see cref="RecordSegment"/>s, and which of them had band keys), its
/// LSH buckets (<see cref="LshBuckets"/>) and the similarity of every candidate pair. <see cref="CarryTo"/> renumbers
/// them onto this build's records; <see cref="LshIndex.Update(BandKeyTable, LshBuckets, IReadOnlyList{bool}, int)"/> then rebuilds only the buckets that new or gone records
/// touch, and only pairs with a new record are verified. The results equal a clean build's. Kept beside the stage
/// state for the near-dup config it was made with; checksummed, so a damaged or other-config memo is only a lost shortcut.
/// Holds nothing between builds but the file.
/// </summary>
public sealed class NearIndexMemo
{
    public const string FileName = "dedup-near.memo";
    private const int Version = 2;

    private readonly RecordSegment[] _segments;
    private readonly int _records;
    private readonly byte[] _members;
    private readonly LshBuckets _buckets;
    private readonly PairSimilarities _pairs;

    private NearIndexMemo(RecordSegment[] segments, int records, byte[] members, LshBuckets buckets, PairSimilarities pairs)
    {
        _segments = segments;
        _records = records;
        _members = members;
        _buckets = buckets;
        _pairs = pairs;
    }

    /// <summary>The memo of the last build with this <paramref name="config"/>, or null (none, another config, damaged).</summary>
    public static NearIndexMemo? Load(string stateDirectory, string config)
    {
        var path = Path.Combine(stateDirectory, FileName);
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var bytes = File.ReadAllBytes(path);
            if (bytes.Length < sizeof(uint) || Crc32C.Of(bytes.AsSpan(0, bytes.Length - sizeof(uint))) != BitConverter.ToUInt32(bytes, bytes.Length - sizeof(uint)))
            {
                return null;
            }

            using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - sizeof(uint)), Encoding.UTF8);
            return reader.ReadInt32() == Version && reader.ReadString() == config ? Read(reader) : null;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or IndexOutOfRangeException or ArgumentException or OverflowException or FormatException or OutOfMemoryException or UnauthorizedAccessException or EndOfStreamException)
        {
            return null; // a damaged memo is only a lost shortcut
        }
    }

    /// <summary>
    /// The last build's buckets and pair similarities renumbered onto this build's records (<paramref name="segments"/>,
    /// <paramref name="bandKeys"/>: none for a record not compared), and which records are new. A run of the last
    /// build's records matches one of this build's with the same identity after the run matched before it; one
    /// without such a match is gone. Null when the records cannot keep their order: build afresh.
    /// </summary>
    public CarriedNearIndex? CarryTo(IReadOnlyList<RecordSegment> segments, BandKeyTable bandKeys)
    {
        if (_buckets.Bands != bandKeys.Bands)
        {
            return null;
        }

        // Each identity's runs now, in order, and the next one not yet matched. Files of equal content are matched in
        // order, each to the first run after the one matched before it, so the records keep their order.
        var now = new Dictionary<string, (List<RecordSegment> Runs, int Next)>(StringComparer.Ordinal);
        foreach (var segment in segments)
        {
            if (!now.TryGetValue(segment.Identity, out var same))
            {
                now[segment.Identity] = same = ([], 0);
            }

            same.Runs.Add(segment);
        }

        var map = new int[_records];
        Array.Fill(map, -1);
        var isNew = new bool[bandKeys.Count];
        for (var n = 0; n < isNew.Length; n++)
        {
            isNew[n] = bandKeys.Has(n);
        }

        var (last, end) = (-1, 0);
        foreach (var before in _segments)
        {
            if (!now.TryGetValue(before.Identity, out var same))
            {
                continue;
            }

            var next = same.Next;
            while (next < same.Runs.Count && same.Runs[next].First < end)
            {
                next++;
            }

            if (next == same.Runs.Count || same.Runs[next].Count != before.Count)
            {
                continue;
            }

            var segment = same.Runs[next];
            now[before.Identity] = (same.Runs, next + 1);
            end = segment.First + segment.Count;

            for (var p = 0; p < before.Count; p++)
            {
                var (old, current) = (before.First + p, segment.First + p);
                if (IsMember(old) && isNew[current])
                {
                    if (current <= last)
                    {
                        return null;
                    }

                    map[old] = last = current;
                    isNew[current] = false;
                }
            }
        }

        // The map keeps the records' order, so the pairs stay in order.
        var known = new PairSimilarities.Builder();
        for (var i = 0; i < _pairs.Count; i++)
        {
            var (earlier, later) = (map[(int)(uint)_pairs.Pairs[i]], map[(int)(_pairs.Pairs[i] >> 32)]);
            if (earlier >= 0 && later >= 0)
            {
                known.Add(earlier, later, _pairs.Similarities[i]);
            }
        }

        return new CarriedNearIndex(_buckets.Renumbered(map), isNew, known.Build());
    }

    /// <summary>Saves this build's records, buckets and candidate pairs' similarities.</summary>
    public static void Save(string stateDirectory, string config, IReadOnlyList<RecordSegment> segments, BandKeyTable bandKeys, LshBuckets buckets, PairSimilarities pairs)
    {
        // Streamed to the file (a memo of tens of millions of records passes 2 GB), the checksum computed on the way.
        // Not flushed to disk: a torn memo fails its checksum and costs one clean pass.
        AtomicFile.Write(Path.Combine(stateDirectory, FileName), file =>
        {
            var checksummed = new Crc32CWriteStream(file);
            using (var writer = new BinaryWriter(new BufferedStream(checksummed, 1 << 16), Encoding.UTF8))
            {
                WriteTo(writer, config, segments, bandKeys, buckets, pairs);
            }

            file.Write(BitConverter.GetBytes(checksummed.Checksum));
        }, durable: false);
    }

    private static void WriteTo(BinaryWriter writer, string config, IReadOnlyList<RecordSegment> segments, BandKeyTable bandKeys, LshBuckets buckets, PairSimilarities pairs)
    {
        writer.Write(Version);
        writer.Write(config);
        writer.Write(segments.Count);
        foreach (var (identity, first, count) in segments)
        {
            writer.Write(identity);
            writer.Write(first);
            writer.Write(count);
        }

        writer.Write(bandKeys.Count);
        var members = new byte[(bandKeys.Count + 7) / 8];
        for (var n = 0; n < bandKeys.Count; n++)
        {
            members[n >> 3] |= (byte)(bandKeys.Has(n) ? 1 << (n & 7) : 0);
        }

        writer.Write(members);
        writer.Write(buckets.Bands);
        for (var band = 0; band < buckets.Bands; band++)
        {
            var bucketsOfBand = buckets.Band(band);
            writer.Write(bucketsOfBand.Count);
            writer.Write(bucketsOfBand.MemberCount);
            writer.Write(MemoryMarshal.AsBytes(bucketsOfBand.Keys));
            writer.Write(MemoryMarshal.AsBytes(bucketsOfBand.Starts));
            writer.Write(MemoryMarshal.AsBytes(bucketsOfBand.AllMembers));
        }

        writer.Write(pairs.Count);
        writer.Write(MemoryMarshal.AsBytes(pairs.Pairs));
        writer.Write(MemoryMarshal.AsBytes(pairs.Similarities));
    }

    private static NearIndexMemo Read(BinaryReader reader)
    {
        var segments = new RecordSegment[reader.ReadInt32()];
        for (var s = 0; s < segments.Length; s++)
        {
            segments[s] = new RecordSegment(reader.ReadString(), reader.ReadInt32(), reader.ReadInt32());
        }

        var records = reader.ReadInt32();
        foreach (var (_, first, count) in segments)
        {
            Check(first >= 0 && count >= 0 && (long)first + count <= records, "a segment is outside the records");
        }

        var members = reader.ReadBytes((records + 7) / 8);
        Check(members.Length == (records + 7) / 8, "the records' bitmap is cut short");

        var bands = new BandBuckets[reader.ReadInt32()];
        for (var band = 0; band < bands.Length; band++)
        {
            var count = reader.ReadInt32();
            var memberCount = reader.ReadInt32();
            var keys = ReadArray<ulong>(reader, count);
            var starts = ReadArray<int>(reader, count + 1);
            var bucketMembers = ReadArray<int>(reader, memberCount);
            foreach (var member in bucketMembers)
            {
                Check((uint)member < (uint)records, "a bucket member is outside the records");
            }

            for (var b = 0; b < count; b++)
            {
                Check(starts[b] <= starts[b + 1], "bucket starts go backwards");
            }

            bands[band] = new BandBuckets(keys, starts, bucketMembers);
        }

        var pairCount = reader.ReadInt32();
        var pairs = ReadArray<ulong>(reader, pairCount);
        var similarities = ReadArray<double>(reader, pairCount);
        foreach (var pair in pairs)
        {
            Check((uint)pair < (uint)records && (pair >> 32) < (uint)records, "a pair is outside the records");
        }

        return new NearIndexMemo(segments, records, members, new LshBuckets(bands), new PairSimilarities(pairs, similarities));
    }

    private static void Check(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidDataException(problem);
        }
    }

    private static T[] ReadArray<T>(BinaryReader reader, int count)
        where T : unmanaged
    {
        var values = new T[count];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        if (reader.Read(bytes) != bytes.Length)
        {
            throw new EndOfStreamException();
        }

        return values;
    }

    private bool IsMember(int record) => (_members[record >> 3] & (1 << (record & 7))) != 0;
}

/// <summary>An earlier build's near-dup index renumbered onto this build's records (<see cref="NearIndexMemo.CarryTo"/>).</summary>
/// <param name="Buckets">The earlier buckets, members renumbered (−1: gone), for <see cref="LshIndex.Update(BandKeyTable, LshBuckets, IReadOnlyList{bool}, int)"/>.</param>
/// <param name="IsNew">Per record of this build: compared now, and not before.</param>
/// <param name="Known">The similarity of each earlier candidate pair whose records are both still compared.</param>
public sealed record CarriedNearIndex(LshBuckets Buckets, bool[] IsNew, PairSimilarities Known);
