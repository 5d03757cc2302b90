using System.Text;
using DatasetBuild.Core.Operators;
using DatasetBuild.Core.Operators.Dedup;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The dedup stage: a global pass over the labelled records in canonical order. Its result is the list of
/// (duplicate id, kept id) pairs, cached under a key of the dedup config and every file's content hash.
/// </summary>
public sealed class DedupStage(BuildContext context)
{
    public const string Kind = "dedup";

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
        if (context.Cache.TryGet(Kind, key) is { } hit && StatsSidecar.TryGet(context.Cache, Kind, key) is { } hitStats)
        {
            report.Add(new FileStageOutcome(hit, hitStats), Kind);
        }
        else
        {
            var deduplicator = new ExactDeduplicator(exact, context.Spec.Schema);
            var stats = new OperatorStats();
            var entry = context.Cache.Put(Kind, key, payload =>
            {
                using var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
                for (var i = 0; i < inputs.Count; i++)
                {
                    foreach (var traced in TracedRecordStream.Read(inputs[i]))
                    {
                        if (traced.Dropped)
                        {
                            continue;
                        }

                        stats.RecordsIn++;
                        if (deduplicator.Observe(traced.Record) is { } keptId)
                        {
                            writer.Write((byte)1);
                            writer.Write(state.Files[i].SourceIndex);
                            writer.Write(traced.Record.Id);
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
        state.Stages.AddRange(report.Build());
        return state;
    }

    /// <summary>Reads the decisions: (source index, duplicate id) → kept id.</summary>
    public static Dictionary<(int Source, string Id), string> ReadDecisions(CacheEntry entry)
    {
        var decisions = new Dictionary<(int, string), string>();
        using var payload = entry.OpenPayload();
        using var reader = new BinaryReader(new BufferedStream(payload, 1 << 16), Encoding.UTF8);
        while (reader.ReadByte() == 1)
        {
            var source = reader.ReadInt32();
            var duplicate = reader.ReadString();
            decisions[(source, duplicate)] = reader.ReadString();
        }

        return decisions;
    }
}
