using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// <c>labels.conflicts</c>: a group of duplicates (same exact key, or one near-duplicate cluster) whose records
/// carry more than one distinct label is a conflict. Labels are counted over every record of the group,
/// duplicates included; the resolution applies to the records dedup kept. <c>majority</c> relabels to the most
/// frequent label (a tie goes to the label seen first in canonical order), <c>drop</c> drops the group,
/// <c>flag</c> notes it in lineage, <c>error</c> fails the build at the first conflicting record.
/// </summary>
public sealed class ConflictPass(string resolution, Func<int[]> groups, Func<int, SourceLocation> locationOf) : DedupPass(Stage, "label")
{
    public const string Stage = "conflicts";
    public const string Reason = "conflicting labels";

    /// <summary>How many of the worst groups the manifest lists.</summary>
    private const int Listed = 10;

    public ConflictSummary Summary { get; } = new() { Resolution = resolution };

    public override void Run(KeyTable table, Decisions decisions)
    {
        var groupOf = groups();
        var labelsOf = new Dictionary<int, List<(string Label, long Count)>>();
        for (var n = 0; n < table.Count; n++)
        {
            if (groupOf[n] >= 0 && table.Labels[n] is { } label)
            {
                if (!labelsOf.TryGetValue(groupOf[n], out var labels))
                {
                    labelsOf[groupOf[n]] = labels = [];
                }

                var at = labels.FindIndex(l => l.Label == label);
                if (at < 0)
                {
                    labels.Add((label, 1));
                }
                else
                {
                    labels[at] = (label, labels[at].Count + 1);
                }
            }
        }

        var conflicted = labelsOf.Where(g => g.Value.Count > 1).ToDictionary(g => g.Key, g => g.Value);
        Summary.Groups = conflicted.Count;
        Summary.Records = conflicted.Sum(g => g.Value.Sum(l => l.Count));
        Summary.Worst = Worst(table, groupOf, conflicted);
        for (var n = 0; n < table.Count; n++)
        {
            if (IsDropped(decisions, n))
            {
                continue;
            }

            Stats.RecordsIn++;
            if (groupOf[n] >= 0 && conflicted.TryGetValue(groupOf[n], out var labels))
            {
                var summary = string.Join(", ", labels.Select(l => $"{l.Label} ({l.Count})"));
                switch (resolution)
                {
                    case "error":
                        throw DatasetBuildException.At(
                            DiagnosticCodes.LabelConflict,
                            locationOf(n),
                            $"{conflicted.Count} groups of duplicate records carry different labels; the first, with record '{table.Ids[n]}', has {string.Join(", ", labels.Select(l => $"'{l.Label}' ({l.Count})"))}; set 'labels.conflicts: majority|drop|flag' to resolve them");
                    case "drop":
                        Dropped(decisions, n, Decision.Drop(Stage, Reason, summary));
                        continue;
                    case "majority":
                        var winner = labels.OrderByDescending(l => l.Count).First().Label;
                        if (table.Labels[n] != winner)
                        {
                            decisions[n] = Decision.Relabel(Stage, winner, "conflict:majority");
                        }

                        break;
                    default:
                        decisions[n] ??= Decision.Note(Stage, $"{Reason}: {summary}");
                        break;
                }
            }

            Stats.RecordsOut++;
        }
    }

    /// <summary>The groups with the most records (ties: the earliest), each with its label counts and first record ids.</summary>
    private static List<ConflictGroup> Worst(KeyTable table, int[] groupOf, Dictionary<int, List<(string Label, long Count)>> conflicted)
    {
        var listed = conflicted
            .OrderByDescending(g => g.Value.Sum(l => l.Count)).ThenBy(g => g.Key)
            .Take(Listed)
            .ToDictionary(g => g.Key, g => new ConflictGroup
            {
                Records = g.Value.Sum(l => l.Count),
                Labels = g.Value.ToDictionary(l => l.Label, l => l.Count, StringComparer.Ordinal),
            });
        for (var n = 0; n < table.Count; n++)
        {
            if (groupOf[n] >= 0 && listed.TryGetValue(groupOf[n], out var group) && group.RecordIds.Count < 5)
            {
                group.RecordIds.Add(table.Ids[n]);
            }
        }

        return [.. listed.Values];
    }
}
