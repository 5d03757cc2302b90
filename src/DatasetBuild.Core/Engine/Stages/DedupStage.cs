using System.Text.Json;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Operators.Dedup.Near;
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
    public const string SummaryKind = "dedup-summary";

    public PipelineState Run(PipelineState state)
    {
        var spec = context.Spec;
        var grouping = GroupingSpec(spec);
        var caption = CaptionReusePass.SpecOf(spec);
        if (grouping is null && spec.Select is null && caption is null && spec.Dedup?.Near is null && spec.Review is null && spec.Dedup?.Assets is null)
        {
            return state;
        }

        var keys = new DedupKeys(context, grouping);
        var entries = new FileEntries(context);
        // Each input's trailer, then each file's keys, are read for every file: their reads are queued at once (ReadAhead).
        var inputs = PhaseTimer.Time("dedup: inputs", () =>
        {
            ReadAhead.Tails(state.Files.Select(f => f.Entries.GetValueOrDefault(RecordFileStage.LabelKind)).OfType<string>()
                .Select(k => context.Cache.PathFor(RecordFileStage.LabelKind, k)).ToList(), CacheEntry.TrailerLength);
            return ParallelFiles.Map(state.Files, f => entries.After(RecordFileStage.LabelKind, f)).ToList();
        });
        var released = spec.Dedup?.Near is { Against: not null } near ? ReleasedDataset.Open(near, spec.SpecDirectory, context.AllowExternalPaths) : null;
        var config = $"{keys.Config}|exact={spec.Dedup?.Exact is not null}|conflicts={spec.Labels?.Conflicts}|select={spec.Select?.Canonical}|caption={caption?.Canonical}|review={spec.Review?.Canonical}|assets={spec.Dedup?.Assets?.Canonical}";
        var keyBuilder = new StageKey(Kind).Add(config).Add(spec.Schema.Canonical).Add(string.Join(",", released?.Digests ?? []));
        foreach (var input in inputs)
        {
            keyBuilder.Add(input.ContentHash);
        }

        var key = keyBuilder.Finish();
        var report = new StageReportBuilder(Passes(state, new KeyTable(), inputs, released).Select(p => (p.Name, p.Kind)).ToList());
        string[]? digests = null;
        if (context.Cache.TryGet(Kind, key) is { } hit
            && StatsSidecar.TryGet(context.Cache, Kind, key) is { } hitStats
            && context.Cache.TryGet(SummaryKind, key) is not null)
        {
            report.Add(new FileStageOutcome(hit, hitStats), Kind);
        }
        else
        {
            var keyFiles = PhaseTimer.Time("dedup: keys per file", () =>
            {
                ReadAhead.Files(inputs.ConvertAll(keys.PathFor));
                return ParallelFiles.Map(inputs, keys.For);
            });
            // The global pass allocates its whole-dataset tables at once: no collection in between (see NoGcPeriod).
            FileStageOutcome outcome;
            string[] decided;
            using (NoGcPeriod.Start(256L << 20))
            {
                (outcome, decided) = PhaseTimer.Time("dedup: decide", () => Decide(state, keys, keyFiles, inputs, released, key));
            }

            report.Add(outcome, Kind);
            digests = decided;
        }

        state.DedupKey = key;
        var summary = ReadSummary(key);
        state.Conflicts = summary.Conflicts;
        state.NearDedup = summary.NearDedup;
        state.LongTail = summary.LongTail;
        state.Review = summary.Review;
        state.AssetDedup = summary.AssetDedup;
        // Decided just now: digested from the payload as written; reused: from the payload read back.
        if (digests is null)
        {
            using var payload = PooledPayload.Read(context.Cache.TryGet(Kind, key) ?? throw new CacheCorruptException(context.Cache.PathFor(Kind, key), "it went missing during the build"));
            digests = Decision.DigestsByFile(payload.Span, state.Files.Count);
        }

        for (var i = 0; i < state.Files.Count; i++)
        {
            state.Files[i].DedupDigest = digests[i];
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

        // The text a record is judged by, as for split keys and the review: without one there is nothing to group by.
        return spec.InputTextField is { } input ? new ExactDedupSpec([input], true, spec.Labels.Location, $"conflicts-by:{input}") : null;
    }

    /// <summary>The passes the spec asks for, in the order they run.</summary>
    private List<DedupPass> Passes(PipelineState state, KeyTable table, List<CacheEntry> inputs, ReleasedDataset? released, Task<NearIndexMemo?>? nearMemo = null)
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
            passes.Add(nearPass = new NearPass(near, released, inputs, spec.Schema.IndexOf(near.Field), context.StateDirectory, nearMemo));
        }

        AssetPass? assetPass = null;
        if (spec.Dedup?.Assets is { } assets)
        {
            passes.Add(assetPass = new AssetPass(assets));
        }

        if (CaptionReusePass.SpecOf(spec) is { } caption)
        {
            passes.Add(new CaptionReusePass(caption));
        }

        if (spec.Labels?.Conflicts is { } resolution)
        {
            passes.Add(new ConflictPass(resolution, () => GroupsOf(table, nearPass, assetPass), n => SourceLocation.AtLine(state.Files[table.Files[n]].Path, table.Rows[n])));
        }

        var sources = state.Files.Select(f => f.Source).ToList();
        if (spec.Select is { LongTail: { } tail } tailSelect)
        {
            var labels = spec.Labels is { } l && l.Field == tail.By ? l.KnownLabels : [];
            passes.Add(new LongTailPass(tailSelect, tail, sources, labels));
        }

        if (spec.Select is { Cap: { } cap } select)
        {
            passes.Add(new CapPass(select, cap, sources));
        }

        if (spec.Review is not null || spec.Select?.Diversity is not null)
        {
            var review = spec.Review ?? new ReviewSpec(spec.Select!.Diversity!.Field, 16, 512, 20, spec.Select.Seed, spec.Select.Diversity.Location, "");
            var field = spec.Schema.IndexOf(review.Field);
            passes.Add(new SpectralPass(review, spec.Select?.Diversity, () => inputs
                .SelectMany(TracedRecordStream.Read)
                .Where(t => !t.Dropped)
                .Select(t => t.Record[field] as string)));
        }

        return passes;
    }

    private (FileStageOutcome Outcome, string[] Digests) Decide(PipelineState state, DedupKeys keys, CacheEntry[] keyFiles, List<CacheEntry> inputs, ReleasedDataset? released, string key)
    {
        // The near-dedup memo is read while the keys load and the passes before it run.
        var nearMemo = context.Spec.Dedup?.Near is { } nearSpec ? NearPass.StartReadingMemo(nearSpec, context.StateDirectory) : null;
        KeyTable table;
        try
        {
            table = PhaseTimer.Time("dedup: load keys", () => keys.LoadAll(keyFiles, state.Files.Sum(f => f.Records)));
        }
        catch (BandKeyTableFullException full)
        {
            throw DatasetBuildException.At(DiagnosticCodes.NearDedupTooLarge, context.Spec.Dedup!.Near!.Location, full.Message);
        }

        var decisions = new Decisions(table.Count);
        var passes = Passes(state, table, inputs, released, nearMemo);
        foreach (var pass in passes)
        {
            PhaseTimer.Time("dedup: pass " + pass.Name, () => pass.Run(table, decisions));
        }

        var encoded = new DecisionPayloadWriter((int)Math.Min(decisions.Made * 64L, Array.MaxLength));
        PhaseTimer.Time("dedup: write decisions", () =>
        {
            for (var n = 0; n < table.Count; n++)
            {
                if (decisions.TryGet(n, out var decision))
                {
                    encoded.Write(table.Files[n], table.Ids.Utf8(n), decision, table.Ids);
                }
            }

            encoded.End();
        });

        foreach (var nearPass in passes.OfType<NearPass>())
        {
            nearPass.FinishSaving();
        }

        // Stored on another core while this one digests the same bytes per file.
        var putting = Task.Run(() => PhaseTimer.Time("dedup: put decisions", () => context.Cache.Put(Kind, key, payload => payload.Write(encoded.Written))));
        string[] digests;
        try
        {
            digests = PhaseTimer.Time("dedup: digests", () => Decision.DigestsByFile(encoded.Written, encoded.Lines, state.Files.Count));
        }
        catch
        {
            putting.Wait(); // nothing runs on after the stage: a failure here still waits for the entry being stored
            throw;
        }

        var entry = putting.GetAwaiter().GetResult();
        var summary = new DedupSummary
        {
            Conflicts = passes.OfType<ConflictPass>().FirstOrDefault()?.Summary,
            NearDedup = passes.OfType<NearPass>().FirstOrDefault()?.Summary,
            LongTail = passes.OfType<LongTailPass>().FirstOrDefault()?.Summary,
            Review = passes.OfType<SpectralPass>().FirstOrDefault()?.Summary,
            AssetDedup = passes.OfType<AssetPass>().FirstOrDefault()?.Summary,
        };
        ReviewSnippets.Attach(context.Spec, table, inputs, summary.Conflicts, summary.Review);
        context.Cache.Put(SummaryKind, key, stream => JsonSerializer.Serialize(stream, summary, EngineJson.Plain));

        var stats = passes.Select(p => (p.Name, p.Stats)).ToList();
        StatsSidecar.Put(context.Cache, Kind, key, stats);
        return (new FileStageOutcome(entry, stats), digests);
    }

    /// <summary>
    /// Each record's duplicate group for conflicts, or -1: records with the same exact key are one group, and a
    /// near-duplicate cluster or an asset cluster joins the groups of its members. A group is named by its
    /// first member in canonical order.
    /// </summary>
    private static int[] GroupsOf(KeyTable table, NearPass? near, AssetPass? assets)
    {
        var sets = new Operators.Dedup.Near.UnionFind(table.Count);
        var inGroup = new bool[table.Count];
        var first = new Dictionary<Hash128, int>();
        for (var n = 0; n < table.Count; n++)
        {
            if (table.Exact[n] is { } key)
            {
                inGroup[n] = true;
                if (!first.TryAdd(key, n))
                {
                    sets.Union(first[key], n);
                }
            }

            foreach (var cluster in new[] { near?.ClusterOf(n) ?? -1, assets?.ClusterOf(n) ?? -1 })
            {
                if (cluster >= 0)
                {
                    inGroup[n] = inGroup[cluster] = true;
                    sets.Union(cluster, n);
                }
            }
        }

        var named = sets.PreferredMembers(Comparer<int>.Default);
        var groupOf = new int[table.Count];
        for (var n = 0; n < table.Count; n++)
        {
            groupOf[n] = inGroup[n] || sets.SizeOf(n) > 1 ? named[n] : -1;
        }

        return groupOf;
    }

    private DedupSummary ReadSummary(string key)
    {
        if (context.Cache.TryGet(SummaryKind, key) is not { } entry)
        {
            return new DedupSummary();
        }

        using var stream = entry.OpenPayload();
        return JsonSerializer.Deserialize<DedupSummary>(stream, EngineJson.Plain) ?? new DedupSummary();
    }
}
