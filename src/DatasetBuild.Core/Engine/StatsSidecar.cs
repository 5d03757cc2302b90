using System.Text.Json;
using DatasetBuild.Core.Operators;

namespace DatasetBuild.Core.Engine;

/// <summary>Per-operator counts stored beside a cache entry, so a cache hit still reports its drops.</summary>
public static class StatsSidecar
{
    private sealed record Counts(string Name, long In, long Out, SortedDictionary<string, long> Dropped);

    public static void Put(StageCache cache, string kind, string key, IEnumerable<(string Name, OperatorStats Stats)> stats)
    {
        var counts = stats.Select(s => new Counts(s.Name, s.Stats.RecordsIn, s.Stats.RecordsOut, s.Stats.Dropped)).ToList();
        cache.Put(kind + "-stats", key, stream => JsonSerializer.Serialize(stream, counts));
    }

    public static List<(string Name, OperatorStats Stats)>? TryGet(StageCache cache, string kind, string key)
    {
        if (cache.TryGet(kind + "-stats", key) is not { } entry)
        {
            return null;
        }

        using var stream = entry.OpenPayload();
        var counts = JsonSerializer.Deserialize<List<Counts>>(stream) ?? [];
        return counts.Select(c =>
        {
            var stats = new OperatorStats { RecordsIn = c.In, RecordsOut = c.Out };
            foreach (var (reason, n) in c.Dropped)
            {
                stats.Dropped[reason] = n;
            }

            return (c.Name, stats);
        }).ToList();
    }
}
