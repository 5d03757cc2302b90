using DatasetBuild.Core.Operators.Dedup;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary><c>dedup.exact</c>: a record whose key equals an earlier record's is a duplicate of that record.</summary>
public sealed class ExactPass(string name) : DedupPass(name, "dedup")
{
    public override void Run(KeyTable table, Decisions decisions)
    {
        var first = new FirstOccurrences(table.Count);
        for (var n = 0; n < table.Count; n++)
        {
            Stats.RecordsIn++;
            if (table.Exact[n] is { } key && first.FirstOf(key, n) is var kept && kept != n)
            {
                Dropped(decisions, n, Decision.Drop(Name, ExactDeduplicator.Reason, duplicateOf: table.Ids[kept]));
                continue;
            }

            Stats.RecordsOut++;
        }
    }
}
