using System.Runtime.InteropServices;
using DatasetBuild.Core.Operators.Dedup;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary><c>dedup.exact</c>: a record whose key equals an earlier record's is a duplicate of that record.</summary>
public sealed class ExactPass(string name) : DedupPass(name, "dedup")
{
    public override void Run(KeyTable table, Decisions decisions)
    {
        // A span, not the list's indexer: this loop runs once per build over every record, so it stays precompiled
        // code, which cannot inline List<T> (another version bubble) the way the JIT's optimised code would.
        var first = FirstOccurrences.Of(CollectionsMarshal.AsSpan(table.Exact));
        var dropped = 0;
        for (var n = 0; n < first.Length; n++)
        {
            if (first[n] is var kept && kept >= 0 && kept != n)
            {
                decisions[n] = Decision.DropAsDuplicateOf(Name, ExactDeduplicator.Reason, null, kept);
                dropped++;
            }
        }

        // Counted once, not per drop: the stats' dictionary over a value type is JIT-compiled code, mostly still
        // unoptimised while a pass makes its hundred thousand drops.
        CountDropped(ExactDeduplicator.Reason, dropped);

        Stats.RecordsIn += first.Length;
        Stats.RecordsOut += first.Length - dropped;
    }
}
