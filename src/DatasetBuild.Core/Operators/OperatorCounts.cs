namespace DatasetBuild.Core.Operators;

/// <summary>An operator's counts as stored (stats sidecars, stage memos): its name, records in and out, drops by reason.</summary>
public sealed record OperatorCounts(string Name, long In, long Out, SortedDictionary<string, long> Dropped)
{
    public static OperatorCounts Of(string name, OperatorStats stats) => new(name, stats.RecordsIn, stats.RecordsOut, new(stats.Dropped, StringComparer.Ordinal));

    public (string Name, OperatorStats Stats) ToStats()
    {
        var stats = new OperatorStats { RecordsIn = In, RecordsOut = Out };
        foreach (var (reason, n) in Dropped)
        {
            stats.Dropped[reason] = n;
        }

        return (Name, stats);
    }
}
