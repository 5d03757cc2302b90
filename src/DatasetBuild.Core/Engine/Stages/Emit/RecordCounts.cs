namespace DatasetBuild.Core.Engine.Stages.Emit;

/// <summary>Input records, kept records, and kept records per label: the manifest's <c>records</c> and <c>labels</c>.</summary>
public sealed class RecordCounts : IEmitTally
{
    public long TotalIn { get; private set; }

    public long Kept { get; private set; }

    public SortedDictionary<string, long> Labels { get; } = new(StringComparer.Ordinal);

    public void AddInput() => TotalIn++;

    public void AddKept(string? label)
    {
        Kept++;
        if (label is not null)
        {
            Labels[label] = Labels.GetValueOrDefault(label) + 1;
        }
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(TotalIn);
        writer.Write(Kept);
        writer.WriteCounts(Labels);
    }

    public void MergeFrom(BinaryReader reader)
    {
        TotalIn += reader.ReadInt64();
        Kept += reader.ReadInt64();
        reader.MergeCounts(Labels);
    }
}
