namespace DatasetBuild.Core.Operators;

/// <summary>Counts for one operator: records in and out, drops by reason, time spent.</summary>
public sealed class OperatorStats
{
    public long RecordsIn { get; set; }

    public long RecordsOut { get; set; }

    public SortedDictionary<string, long> Dropped { get; } = new(StringComparer.Ordinal);

    public long ElapsedTicks { get; set; }

    public void Add(OperatorStats other)
    {
        RecordsIn += other.RecordsIn;
        RecordsOut += other.RecordsOut;
        ElapsedTicks += other.ElapsedTicks;
        foreach (var (reason, count) in other.Dropped)
        {
            Dropped[reason] = Dropped.GetValueOrDefault(reason) + count;
        }
    }
}
