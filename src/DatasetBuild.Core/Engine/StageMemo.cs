using System.Collections.Concurrent;
using System.Text.Json;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Operators;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// What a per-file stage found for each file the last time it ran in this project (beside the stage state):
/// from the key of the file's input entry and the stage's config, the entry it produced, that entry's trailer
/// (length, content hash, checksum) and its operator counts. A build that reruns the stage reuses an unchanged file's
/// entry after one existence check, instead of reading its input's and its own trailers, the entries it stands on
/// and its stats sidecar: a few file opens per file, which at a thousand files cost more than the new files' work.
/// Cache keys are content addresses (a key always holds the same bytes), so a remembered trailer stays true; an
/// entry that went missing or corrupt since is found as always, when a stage reads it, and rebuilt.
/// </summary>
public sealed class StageMemo
{
    private readonly string _path;
    private readonly Dictionary<string, Remembered> _previous;
    private readonly ConcurrentDictionary<string, Remembered> _next = new(StringComparer.Ordinal);

    private StageMemo(string path, Dictionary<string, Remembered> previous)
    {
        _path = path;
        _previous = previous;
    }

    public static StageMemo Load(string stateDirectory, string kind)
    {
        var path = Path.Combine(stateDirectory, $"{kind}.memo.json");
        Dictionary<string, Remembered>? previous = null;
        try
        {
            previous = File.Exists(path) ? JsonSerializer.Deserialize<Dictionary<string, Remembered>>(File.ReadAllBytes(path), EngineJson.Plain) : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException or NotSupportedException)
        {
            // A damaged memo is only a lost shortcut.
        }

        // Entries with missing members (a hand-edited memo) are forgotten rather than trusted.
        var valid = (previous ?? []).Where(p => p.Value is { Key: not null, ContentHash: not null, Stats: not null } && p.Value.Stats.All(c => c is { Name: not null, Dropped: not null }))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return new StageMemo(path, valid);
    }

    /// <summary>
    /// The entry remembered for this input, when it (and its <paramref name="companions"/>, entries of other kinds
    /// under the same key) is still in the cache.
    /// </summary>
    public Stages.FileStageOutcome? TryReuse(StageCache cache, string kind, string input, params string[] companions)
    {
        if (!_previous.TryGetValue(input, out var remembered) || !File.Exists(cache.PathFor(kind, remembered.Key))
            || companions.Any(c => !File.Exists(cache.PathFor(c, remembered.Key))))
        {
            return null;
        }

        _next[input] = remembered;
        return new Stages.FileStageOutcome(
            cache.Track(new CacheEntry(cache.PathFor(kind, remembered.Key), remembered.Length, remembered.ContentHash, remembered.Checksum, Hit: true)),
            remembered.Stats.Select(s => s.ToStats()).ToList());
    }

    public void Remember(string input, CacheEntry entry, IEnumerable<(string Name, OperatorStats Stats)> stats) =>
        _next[input] = new Remembered(entry.Key, entry.PayloadLength, entry.ContentHash, entry.Checksum, [.. stats.Select(s => OperatorCounts.Of(s.Name, s.Stats))]);

    /// <summary>Keeps what this run used (files no longer built are forgotten).</summary>
    public void Save()
    {
        // Not flushed to disk: after a power cut a torn memo fails to parse and is only a lost shortcut.
        AtomicFile.WriteAllBytes(_path, JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, Remembered>(_next, StringComparer.Ordinal), EngineJson.Plain), durable: false);
    }

    public sealed record Remembered(string Key, long Length, string ContentHash, ulong Checksum, List<OperatorCounts> Stats);
}
