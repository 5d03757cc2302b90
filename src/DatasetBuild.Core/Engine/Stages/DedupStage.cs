using System.Text;
using DatasetBuild.Core.Operators;
using DatasetBuild.Core.Operators.Dedup;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The dedup stage. Per file, the dedup key of every kept record is computed once and cached (kind
/// <c>dedup-keys</c>, keyed by the dedup config and the file's labelled content hash); the global pass then
/// walks the keys in canonical order and records (duplicate id, kept id) pairs, cached under the config and
/// every file's content hash. Adding one file computes one file's keys and redoes only the cheap global pass.
/// </summary>
public sealed class DedupStage(BuildContext context)
{
    public const string Kind = "dedup";
    public const string KeysKind = "dedup-keys";

    public PipelineState Run(PipelineState state)
    {
        if (context.Spec.Dedup?.Exact is not { } exact)
        {
            return state;
        }

        var entries = new FileEntries(context);
        var inputs = state.Files.Select(f => entries.After(RecordFileStage.LabelKind, f)).ToList();
        var keyBuilder = new StageKey(Kind).Add(exact.Canonical).Add(context.Spec.Schema.Canonical);
        foreach (var input in inputs)
        {
            keyBuilder.Add(input.ContentHash);
        }

        var key = keyBuilder.Finish();
        var report = new StageReportBuilder([(exact.DisplayName, "dedup")]);
        if (context.Cache.TryGetVerified(Kind, key) is { } hit && StatsSidecar.TryGet(context.Cache, Kind, key) is { } hitStats)
        {
            report.Add(new FileStageOutcome(hit, hitStats), Kind);
        }
        else
        {
            var deduplicator = new ExactDeduplicator(exact, context.Spec.Schema);
            var keyFiles = ParallelFiles.Map(inputs, input => KeysFor(input, deduplicator, exact.Canonical));
            var stats = new OperatorStats();
            var entry = context.Cache.Put(Kind, key, payload =>
            {
                using var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
                for (var i = 0; i < keyFiles.Length; i++)
                {
                    foreach (var (id, recordKey) in ReadKeys(keyFiles[i]))
                    {
                        stats.RecordsIn++;
                        if (deduplicator.Observe(id, recordKey) is { } keptId)
                        {
                            writer.Write((byte)1);
                            writer.Write(i);
                            writer.Write(state.Files[i].SourceIndex);
                            writer.Write(id);
                            writer.Write(keptId);
                            stats.Dropped[ExactDeduplicator.Reason] = stats.Dropped.GetValueOrDefault(ExactDeduplicator.Reason) + 1;
                        }
                        else
                        {
                            stats.RecordsOut++;
                        }
                    }
                }

                writer.Write((byte)0);
            });
            var named = new List<(string, OperatorStats)> { (exact.DisplayName, stats) };
            StatsSidecar.Put(context.Cache, Kind, key, named);
            report.Add(new FileStageOutcome(entry, named), Kind);
        }

        state.DedupKey = key;
        var byFile = ReadDecisions(context.Cache.TryGet(Kind, key)!);
        for (var i = 0; i < state.Files.Count; i++)
        {
            state.Files[i].DedupDigest = Digest(byFile.GetValueOrDefault(i));
        }

        state.Stages.AddRange(report.Build());
        return state;
    }

    /// <summary>Reads the decisions per file position in the state: duplicate id → kept id.</summary>
    public static Dictionary<int, Dictionary<string, string>> ReadDecisions(CacheEntry entry)
    {
        var decisions = new Dictionary<int, Dictionary<string, string>>();
        using var payload = entry.OpenPayload();
        using var reader = new BinaryReader(new BufferedStream(payload, 1 << 16), Encoding.UTF8);
        while (reader.ReadByte() == 1)
        {
            var file = reader.ReadInt32();
            reader.ReadInt32();
            var duplicate = reader.ReadString();
            var kept = reader.ReadString();
            if (!decisions.TryGetValue(file, out var forFile))
            {
                decisions[file] = forFile = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            forFile[duplicate] = kept;
        }

        return decisions;
    }

    /// <summary>A short fingerprint of one file's decisions: the render stage's cache key needs only its own file's.</summary>
    private static string Digest(Dictionary<string, string>? decisions)
    {
        if (decisions is null || decisions.Count == 0)
        {
            return "";
        }

        var key = new StageKey("dedup-digest");
        foreach (var (duplicate, kept) in decisions.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            key.Add(duplicate).Add(kept);
        }

        return key.Finish();
    }

    private CacheEntry KeysFor(CacheEntry input, ExactDeduplicator deduplicator, string config)
    {
        var key = new StageKey(KeysKind).Add(config).Add(context.Spec.Schema.Canonical).Add(input.ContentHash).Finish();
        return context.Cache.TryGetVerified(KeysKind, key) ?? context.Cache.Put(KeysKind, key, payload =>
        {
            using var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
            foreach (var traced in TracedRecordStream.Read(input))
            {
                if (traced.Dropped)
                {
                    continue;
                }

                writer.Write((byte)1);
                writer.Write(traced.Record.Id);
                var recordKey = deduplicator.KeyOf(traced.Record);
                writer.Write(recordKey.HasValue);
                if (recordKey is { } k)
                {
                    writer.Write((ulong)(k >> 64));
                    writer.Write((ulong)k);
                }
            }

            writer.Write((byte)0);
        });
    }

    private static IEnumerable<(string Id, UInt128? Key)> ReadKeys(CacheEntry keys)
    {
        using var payload = keys.OpenPayload();
        using var reader = new BinaryReader(new BufferedStream(payload, 1 << 16), Encoding.UTF8);
        while (reader.ReadByte() == 1)
        {
            var id = reader.ReadString();
            yield return reader.ReadBoolean() ? (id, new UInt128(reader.ReadUInt64(), reader.ReadUInt64())) : (id, null);
        }
    }
}
