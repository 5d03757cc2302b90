using System.IO.Hashing;
using System.Text;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// <c>select.long_tail</c>: the <c>from</c> source is a reserve. Each group (a value of <c>by</c>) whose kept
/// records from the other sources number fewer than <c>min</c> is topped up with reserve records of that value,
/// chosen by a seeded hash of (source, id), until the minimum is met or the reserve runs out; every other
/// reserve record is dropped (<c>reserve not needed</c>). The summary lists every group that needed records.
/// For <c>by: &lt;label field&gt;</c> every label of <c>task.labels</c> is a group, even with no records.
/// </summary>
public sealed class LongTailPass(SelectSpec select, LongTailSpec tail, IReadOnlyList<string> sourceOfFile, IReadOnlyList<string> labels)
    : DedupPass(SelectStage, "select")
{
    public const string SelectStage = "select";
    public const string NotNeeded = "reserve not needed";

    public List<LongTailGroup> Summary { get; } = [];

    public override void Run(KeyTable table, Decisions decisions)
    {
        var values = table.Values[tail.By];
        var have = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            have[label] = 0;
        }

        var reserve = new Dictionary<string, List<(ulong Hash, int N)>>(StringComparer.Ordinal);
        for (var n = 0; n < table.Count; n++)
        {
            if (IsDropped(decisions, n))
            {
                continue;
            }

            var value = values[n] ?? "(missing)";
            if (sourceOfFile[table.Files[n]] != tail.From)
            {
                have[value] = have.GetValueOrDefault(value) + 1;
                continue;
            }

            Stats.RecordsIn++;
            if (!reserve.TryGetValue(value, out var members))
            {
                reserve[value] = members = [];
            }

            members.Add((XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(tail.From + "\0" + table.Ids[n]), select.Seed), n));
            have.TryAdd(value, 0);
        }

        foreach (var (value, had) in have)
        {
            var members = reserve.GetValueOrDefault(value) ?? [];
            var pull = (int)Math.Max(0, Math.Min(tail.Min - had, members.Count));
            var ordered = members.OrderBy(m => m.Hash).ThenBy(m => m.N).ToList();
            foreach (var (_, n) in ordered.Take(pull))
            {
                decisions[n] ??= Decision.Note(SelectStage, $"pulled from reserve '{tail.From}': '{tail.By}' = {value} had {had} of {tail.Min}");
                Stats.RecordsOut++;
            }

            foreach (var (_, n) in ordered.Skip(pull))
            {
                Dropped(decisions, n, Decision.Drop(SelectStage, NotNeeded, $"'{tail.By}' = {value} has {had + pull} of {tail.Min}"));
            }

            if (had < tail.Min)
            {
                Summary.Add(new LongTailGroup { Value = value, Min = tail.Min, Had = had, Pulled = pull, Met = had + pull >= tail.Min });
            }
        }
    }
}

/// <summary>One group that was below <c>long_tail.min</c>: what it had, what the reserve gave, and whether that was enough.</summary>
public sealed class LongTailGroup
{
    public string Value { get; set; } = "";

    public long Min { get; set; }

    public long Had { get; set; }

    public long Pulled { get; set; }

    public bool Met { get; set; }
}
