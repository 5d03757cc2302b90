using DatasetBuild.Core.IO;

namespace DatasetBuild.Core.Engine.Stages.Emit;

/// <summary>
/// A figure the emit stage gathers over the records (counts, histograms, digests). Each piece of work (an
/// <see cref="EmitJob"/>) gathers its own and stores it in the cache; the dataset's figure is the merge of every
/// job's, in job order, so an unchanged job's records are never read again.
/// </summary>
public interface IEmitTally
{
    void WriteTo(BinaryWriter writer);

    /// <summary>Adds a stored tally of the same kind (written by <see cref="WriteTo"/>) to this one.</summary>
    void MergeFrom(BinaryReader reader);
}

/// <summary>Reading and writing the shapes tallies are made of.</summary>
public static class TallyIO
{
    public static void WriteCounts(this BinaryWriter writer, IReadOnlyCollection<KeyValuePair<string, long>> counts)
    {
        writer.Write(counts.Count);
        foreach (var (key, count) in counts)
        {
            writer.Write(key);
            writer.Write(count);
        }
    }

    /// <summary>Adds stored counts to <paramref name="counts"/>.</summary>
    public static void MergeCounts(this BinaryReader reader, IDictionary<string, long> counts)
    {
        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            var key = reader.ReadString();
            var count = reader.ReadInt64();
            counts[key] = (counts.TryGetValue(key, out var before) ? before : 0) + count;
        }
    }

    public static void WriteKey(this BinaryWriter writer, Hash128 key)
    {
        writer.Write(key.High);
        writer.Write(key.Low);
    }

    public static Hash128 ReadKey(this BinaryReader reader)
    {
        var high = reader.ReadUInt64();
        return new Hash128(high, reader.ReadUInt64());
    }
}
