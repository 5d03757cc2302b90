using System.Text;
using System.Text.Json;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The dedup stage: everything that needs all records at once. Per file, each kept record's keys are computed
/// once and cached (<see cref="DedupKeys"/>); the global pass loads them into a <see cref="KeyTable"/> and runs
/// the passes in order: exact duplicates, caption reuse, label conflicts, the select cap. The decisions are
/// cached under the config and every file's content hash, and applied per file by the render stage; adding
/// one file computes one file's keys and redoes the cheap global pass.
/// </summary>
public sealed class DedupStage(BuildContext context)
{
    public const string Kind = "dedup";
    public const string ConflictsKind = "conflicts";
    public const string NearKind = "near-summary";

    public PipelineState Run(PipelineState state)
    {
        var spec = context.Spec;
        var grouping = GroupingSpec(spec);
        var caption = CaptionReusePass.SpecOf(spec);
        if (grouping is null && spec.Select is null && caption is null && spec.Dedup?.Near is null)
        {
            return state;
        }

        var keys = new DedupKeys(context, grouping);
        var entries = new FileEntries(context);
        var inputs = state.Files.Select(f => entries.After(RecordFileStage.LabelKind, f)).ToList();
        var released = spec.Dedup?.Near is { Against: not null } near ? ReleasedDataset.Open(near, spec.SpecDirectory, context.AllowExternalPaths) : null;
        var config = $"{keys.Config}|exact={spec.Dedup?.Exact is not null}|conflicts={spec.Labels?.Conflicts}|select={spec.Select?.Canonical}|caption={caption?.Canonical}";
        var keyBuilder = new StageKey(Kind).Add(config).Add(spec.Schema.Canonical).Add(string.Join(",", released?.Digests ?? []));
        foreach (var input in inputs)
        {
            keyBuilder.Add(input.ContentHash);
        }

        var key = keyBuilder.Finish();
        var report = new StageReportBuilder(Passes(state, new KeyTable(), inputs, released).Select(p => (p.Name, p.Kind)).ToList());
        if (context.Cache.TryGetVerified(Kind, key) is { } hit
            && StatsSidecar.TryGet(context.Cache, Kind, key) is { } hitStats
            && (spec.Labels?.Conflicts is null || context.Cache.TryGet(ConflictsKind, key) is not null)
            && (spec.Dedup?.Near is null || context.Cache.TryGet(NearKind, key) is not null))
        {
            report.Add(new FileStageOutcome(hit, hitStats), Kind);
        }
        else
        {
            var keyFiles = PhaseTimer.Time("dedup: keys per file", () => ParallelFiles.Map(inputs, keys.For));
            report.Add(PhaseTimer.Time("dedup: decide", () => Decide(state, keyFiles, inputs, released, keys.BandCount, key)), Kind);
        }

        state.DedupKey = key;
        state.Conflicts = spec.Labels?.Conflicts is null ? null : ReadSummary<ConflictSummary>(ConflictsKind, key);
        state.NearDedup = spec.Dedup?.Near is null ? null : ReadSummary<NearDedupSummary>(NearKind, key);
        var byFile = PhaseTimer.Time("dedup: read decisions", () => Decision.ReadAll(context.Cache.TryGet(Kind, key)!));
        for (var i = 0; i < state.Files.Count; i++)
        {
            state.Files[i].DedupDigest = Digest(byFile.GetValueOrDefault(i));
        }

        state.Stages.AddRange(report.Build());
        return state;
    }

    /// <summary>What duplicates are grouped by: dedup.exact, else (for conflicts only) the normalised task input.</summary>
    public static ExactDedupSpec? GroupingSpec(DatasetSpec spec)
    {
        if (spec.Dedup?.Exact is { } exact)
        {
            return exact;
        }

        if (spec.Labels?.Conflicts is null)
        {
            return null;
        }

        var input = spec.Task?.Input.FirstOrDefault(f => spec.Schema.IndexOf(f) >= 0)
            ?? spec.Schema.Fields.First(f => f.Type == FieldType.String).Name;
        return new ExactDedupSpec([input], true, spec.Labels.Location, $"conflicts-by:{input}");
    }

    /// <summary>The passes the spec asks for, in the order they run.</summary>
    private List<DedupPass> Passes(PipelineState state, KeyTable table, List<CacheEntry> inputs, ReleasedDataset? released)
    {
        var spec = context.Spec;
        var passes = new List<DedupPass>();
        if (spec.Dedup?.Exact is { } exact)
        {
            passes.Add(new ExactPass(exact.DisplayName));
        }

        NearPass? nearPass = null;
        if (spec.Dedup?.Near is { } near)
        {
            passes.Add(nearPass = new NearPass(near, released, inputs, spec.Schema.IndexOf(near.Field)));
        }

        if (CaptionReusePass.SpecOf(spec) is { } caption)
        {
            passes.Add(new CaptionReusePass(caption));
        }

        if (spec.Labels?.Conflicts is { } resolution)
        {
            passes.Add(new ConflictPass(resolution, () => GroupsOf(table, nearPass), n => SourceLocation.AtLine(state.Files[table.Files[n]].Path, table.Rows[n])));
        }

        if (spec.Select is { } select)
        {
            passes.Add(new CapPass(select, state.Files.Select(f => f.Source).ToList()));
        }

        return passes;
    }

    private FileStageOutcome Decide(PipelineState state, CacheEntry[] keyFiles, List<CacheEntry> inputs, ReleasedDataset? released, int bandCount, string key)
    {
        var table = new KeyTable();
        PhaseTimer.Time("dedup: load keys", () =>
        {
            for (var i = 0; i < keyFiles.Length; i++)
            {
                DedupKeys.Load(keyFiles[i], i, table, bandCount);
            }
        });

        var decisions = new Decision?[table.Count];
        var passes = Passes(state, table, inputs, released);
        foreach (var pass in passes)
        {
            PhaseTimer.Time("dedup: pass " + pass.Name, () => pass.Run(table, decisions));
        }

        var entry = context.Cache.Put(Kind, key, payload =>
        {
            using var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
            for (var n = 0; n < table.Count; n++)
            {
                if (decisions[n] is { } decision)
                {
                    Decision.Write(writer, table.Files[n], table.Ids[n], decision);
                }
            }

            writer.Write((byte)0);
        });
        if (passes.OfType<ConflictPass>().FirstOrDefault() is { } conflicts)
        {
            context.Cache.Put(ConflictsKind, key, stream => JsonSerializer.Serialize(stream, conflicts.Summary));
        }

        if (passes.OfType<NearPass>().FirstOrDefault() is { } nearPass)
        {
            context.Cache.Put(NearKind, key, stream => JsonSerializer.Serialize(stream, nearPass.Summary));
        }

        var stats = passes.Select(p => (p.Name, p.Stats)).ToList();
        StatsSidecar.Put(context.Cache, Kind, key, stats);
        return new FileStageOutcome(entry, stats);
    }

    /// <summary>
    /// Each record's duplicate group for conflicts, or -1: records with the same exact key are one group, and a
    /// near-duplicate cluster joins the groups of its members (named by the cluster's kept record).
    /// </summary>
    private static int[] GroupsOf(KeyTable table, NearPass? near)
    {
        var groupOf = new int[table.Count];
        var first = new Dictionary<UInt128, int>();
        for (var n = 0; n < table.Count; n++)
        {
            var exactGroup = table.Exact[n] is { } key ? first.TryAdd(key, n) ? n : first[key] : -1;
            var cluster = near?.ClusterOf(exactGroup >= 0 ? exactGroup : n) ?? -1;
            groupOf[n] = cluster >= 0 ? cluster : exactGroup;
        }

        return groupOf;
    }

    private T? ReadSummary<T>(string kind, string key)
        where T : class
    {
        if (context.Cache.TryGet(kind, key) is not { } entry)
        {
            return null;
        }

        using var stream = entry.OpenPayload();
        return JsonSerializer.Deserialize<T>(stream);
    }

    /// <summary>A short fingerprint of one file's decisions: the render stage's cache key needs only its own file's.</summary>
    private static string Digest(Dictionary<string, Decision>? decisions)
    {
        if (decisions is null || decisions.Count == 0)
        {
            return "";
        }

        var key = new StageKey("dedup-digest");
        foreach (var (id, d) in decisions.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            key.Add(id).Add(d.Kind.ToString(System.Globalization.CultureInfo.InvariantCulture)).Add(d.Stage)
                .Add(d.Reason).Add(d.Detail).Add(d.DuplicateOf);
        }

        return key.Finish();
    }
}
