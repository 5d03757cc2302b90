using System.IO.Hashing;
using System.Text;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// <c>select.cap</c>: in each group over the maximum, the records with the smallest seeded hashes of
/// (source, id) stay; the same seed keeps the same records on any machine and in any input order.
/// </summary>
public sealed class CapPass(SelectSpec select, CapSpec cap, IReadOnlyList<string> sourceOfFile) : DedupPass(Stage, "select")
{
    public const string Stage = "select";

    public static string ReasonOf(CapSpec cap) => $"capped: more than {cap.Max} per '{cap.By}'";

    public override void Run(KeyTable table, Decisions decisions)
    {
        var groups = new Dictionary<string, List<(ulong Hash, int N)>>(StringComparer.Ordinal);
        for (var n = 0; n < table.Count; n++)
        {
            if (IsDropped(decisions, n))
            {
                continue;
            }

            var group = table.Values[cap.By][n] ?? "(missing)";
            if (!groups.TryGetValue(group, out var members))
            {
                groups[group] = members = [];
            }

            var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(sourceOfFile[table.Files[n]] + "\0" + table.Ids[n]), select.Seed);
            members.Add((hash, n));
        }

        foreach (var (group, members) in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Stats.RecordsIn += members.Count;
            var kept = Math.Min(members.Count, cap.Max);
            Stats.RecordsOut += kept;
            foreach (var (_, n) in members.OrderBy(m => m.Hash).ThenBy(m => m.N).Skip(kept))
            {
                Dropped(decisions, n, Decision.Drop(Stage, ReasonOf(cap), group));
            }
        }
    }
}
