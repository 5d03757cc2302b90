using System.Text.Json;
using DatasetBuild.Core.Operators;

namespace DatasetBuild.Core.Engine;

/// <summary>Per-operator counts stored beside a cache entry, so a cache hit still reports its drops.</summary>
public static class StatsSidecar
{
    public static void Put(StageCache cache, string kind, string key, IEnumerable<(string Name, OperatorStats Stats)> stats)
    {
        var counts = stats.Select(s => OperatorCounts.Of(s.Name, s.Stats)).ToList();
        cache.Put(kind + "-stats", key, stream => JsonSerializer.Serialize(stream, counts, EngineJson.Plain));
    }

    public static List<(string Name, OperatorStats Stats)>? TryGet(StageCache cache, string kind, string key)
    {
        if (cache.TryGet(kind + "-stats", key) is not { } entry)
        {
            return null;
        }

        using var stream = entry.OpenPayload();
        var counts = JsonSerializer.Deserialize<List<OperatorCounts>>(stream, EngineJson.Plain) ?? [];
        return counts.Select(c => c.ToStats()).ToList();
    }
}
