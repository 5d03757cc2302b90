using DatasetBuild.Core.Operators;
using DatasetBuild.Core.Output.FineTuning;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The render stage, per file and cached: applies the file's dedup decisions, renders every kept record
/// for each fine-tuning output (chat, instruction), counts its tokens under <c>task.tokenizer</c> and applies
/// the <c>tokens</c> budget. Its entries hold every record's final status, which is all emit needs.
/// A template change re-renders here without touching the stages before.
/// </summary>
public sealed class RenderStage(BuildContext context)
{
    public const string Kind = "render";
    public const string RenderName = "render";

    public PipelineState Run(PipelineState state)
    {
        var setup = new RenderSetup(context, state);
        var report = new StageReportBuilder(setup.OperatorNames);
        var entries = new FileEntries(context) { State = state };
        var memo = StageMemo.Load(context.StateDirectory, Kind);
        var outcomes = PhaseTimer.Time("render: files", () => ParallelFiles.Map(Enumerable.Range(0, state.Files.Count).ToList(), i =>
        {
            var file = state.Files[i];
            var input = new StageKey(Kind + "-memo").Add(setup.Config).Add(context.Spec.Schema.Canonical)
                .Add(file.Entries.GetValueOrDefault(RecordFileStage.LabelKind)).Add(file.DedupDigest).Finish();
            if (memo.TryReuse(context.Cache, Kind, input) is { } reused)
            {
                return reused;
            }

            var outcome = RenderFile(setup, entries, state, i);
            memo.Remember(input, outcome.Entry, outcome.Stats);
            return outcome;
        }));
        memo.Save();
        for (var i = 0; i < outcomes.Length; i++)
        {
            state.Files[i].Entries[Kind] = outcomes[i].Entry.Key;
            if (setup.OperatorNames.Count > 0)
            {
                report.Add(outcomes[i], Kind);
            }
        }

        state.Stages.AddRange(report.Build());
        return state;
    }

    /// <summary>Renders one file (also used to rebuild a render entry that went missing from the cache).</summary>
    public FileStageOutcome RenderFile(PipelineState state, int index) =>
        RenderFile(new RenderSetup(context, state), new FileEntries(context) { State = state }, state, index);

    private FileStageOutcome RenderFile(RenderSetup setup, FileEntries entries, PipelineState state, int i)
    {
        var spec = context.Spec;
        var file = state.Files[i];
        var upstream = entries.After(RecordFileStage.LabelKind, file);
        var key = new StageKey(Kind).Add(setup.Config).Add(spec.Schema.Canonical).Add(upstream.ContentHash).Add(file.DedupDigest).Finish();
        if (context.Cache.TryGet(Kind, key) is { } hit && TracedRecordStream.BasesExist(hit)
            && StatsSidecar.TryGet(context.Cache, Kind, key) is { } hitStats)
        {
            return new FileStageOutcome(hit, hitStats);
        }

        var render = new OperatorStats();
        var tokens = new OperatorStats();
        var fileDecisions = setup.DecisionsFor(i);
        var examples = setup.Renderers.Select(r => new ExampleRenderer(r, spec.Schema)).ToList();
        var counter = spec.Task?.Tokenizer is { } encoding && examples.Count > 0 ? TokenCounter.Create(encoding) : null;
        var entry = context.Cache.Put(Kind, key, payload =>
        {
            if (fileDecisions.Count == 0 && examples.Count == 0 && setup.Budget is null)
            {
                TracedRecordStream.WriteUnchanged(payload, RecordFileStage.LabelKind, upstream);
            }
            else if (examples.Count == 0 && setup.Budget is null)
            {
                // Only the decided records change: decode those, skip the rest.
                TracedRecordStream.WriteOverlay(payload, RecordFileStage.LabelKind, upstream, TracedRecordSelector.Select(upstream, fileDecisions.ContainsKey)
                    .Select(p => (p.Position, Result: Apply([p.Record], fileDecisions, setup.LabelField, examples, counter, setup.Budget, render, tokens).Single()))
                    .Where(p => p.Result.Changed)
                    .Select(p => (p.Position, p.Result.Record)));
            }
            else
            {
                TracedRecordStream.WriteDerived(payload, RecordFileStage.LabelKind, upstream, Apply(
                    TracedRecordStream.Read(upstream), fileDecisions, setup.LabelField, examples, counter, setup.Budget, render, tokens));
            }
        });
        var stats = new List<(string, OperatorStats)>();
        if (examples.Count > 0)
        {
            stats.Add((RenderName, render));
        }

        if (setup.Budget is not null)
        {
            stats.Add((setup.Budget.DisplayName, tokens));
        }

        StatsSidecar.Put(context.Cache, Kind, key, stats);
        return new FileStageOutcome(entry, stats);
    }

    /// <summary>What every file's rendering shares: the outputs to render, the budget, the dedup decisions.</summary>
    private sealed class RenderSetup
    {
        public RenderSetup(BuildContext context, PipelineState state)
        {
            var spec = context.Spec;
            Renderers = spec.Outputs.Where(o => o.IsFineTuning).ToList();
            Budget = spec.Filters.OfType<TokensFilterSpec>().FirstOrDefault();
            if (Renderers.Count > 0)
            {
                OperatorNames.Add((RenderName, "render"));
            }

            if (Budget is not null)
            {
                OperatorNames.Add((Budget.DisplayName, "filter"));
            }

            LabelField = spec.Labels is { } labels ? spec.Schema.IndexOf(labels.Field) : -1;
            // Read on first use: when every file is reused from the stage memo, the decisions are not needed.
            _decisions = new Lazy<DecisionsByFile?>(
                () => state.DedupKey is { } dedupKey ? DecisionsByFile.Read(DecisionsEntry(context, state, dedupKey)) : null,
                LazyThreadSafetyMode.ExecutionAndPublication);
            Config = string.Join("\n", Renderers.SelectMany(r => r.Templates.Select(t => $"{r.Format}.{t.Role}={t.Text}")))
                + $"\ntokenizer={spec.Task?.Tokenizer}\nbudget={Budget?.Canonical}";
        }

        /// <summary>The dedup decisions; recomputed (from cached keys) when they went missing from the cache.</summary>
        private static CacheEntry DecisionsEntry(BuildContext context, PipelineState state, string key)
        {
            if (context.Cache.TryGet(DedupStage.Kind, key) is { } entry)
            {
                return entry;
            }

            new DedupStage(context).Run(new PipelineState { Files = state.Files });
            return context.Cache.TryGet(DedupStage.Kind, key)
                ?? throw new CacheCorruptException(context.Cache.PathFor(DedupStage.Kind, key), "it could not be rebuilt");
        }

        public List<OutputSpec> Renderers { get; }

        public TokensFilterSpec? Budget { get; }

        public List<(string Name, string Kind)> OperatorNames { get; } = [];

        private readonly Lazy<DecisionsByFile?> _decisions;

        /// <summary>The dedup decisions about a file's records, by record id.</summary>
        public Dictionary<string, Decision> DecisionsFor(int file) => _decisions.Value?.For(file) ?? [];

        public int LabelField { get; }

        public string Config { get; }
    }

    private static IEnumerable<(TracedRecord Record, bool Changed)> Apply(
        IEnumerable<TracedRecord> records,
        Dictionary<string, Decision> decisions,
        int labelField,
        List<ExampleRenderer> examples,
        TokenCounter? counter,
        TokensFilterSpec? budget,
        OperatorStats render,
        OperatorStats tokens)
    {
        foreach (var traced in records)
        {
            var before = new TracedRecordSnapshot(traced);
            if (!traced.Dropped && decisions.TryGetValue(traced.Record.Id, out var decision))
            {
                switch (decision.Kind)
                {
                    case Decision.DropKind:
                        traced.Drop(decision.Stage, decision.Reason!, decision.Detail, decision.DuplicateOf);
                        break;
                    case Decision.RelabelKind when labelField >= 0:
                        traced.Record[labelField] = decision.Detail;
                        traced.Record.LabelOrigin = decision.Reason;
                        break;
                    case Decision.NoteKind:
                        traced.Notes = traced.Notes is null ? decision.Detail : traced.Notes + "; " + decision.Detail;
                        break;
                }
            }

            if (!traced.Dropped && examples.Count > 0)
            {
                Render(traced, examples, counter, render);
            }

            if (!traced.Dropped && budget is not null)
            {
                tokens.RecordsIn++;
                if (traced.Tokens > budget.Max)
                {
                    Drop(tokens, traced, budget.DisplayName, $"more than {budget.Max} tokens", $"{traced.Tokens} tokens");
                }
                else if (traced.Tokens < budget.Min)
                {
                    Drop(tokens, traced, budget.DisplayName, $"fewer than {budget.Min} tokens", $"{traced.Tokens} tokens");
                }
                else
                {
                    tokens.RecordsOut++;
                }
            }

            yield return (traced, !before.Matches(traced));
        }
    }

    private static void Render(TracedRecord traced, List<ExampleRenderer> examples, TokenCounter? counter, OperatorStats render)
    {
        render.RecordsIn++;
        var rendered = new string[examples.Count];
        for (var i = 0; i < examples.Count; i++)
        {
            var line = examples[i].Render(traced.Record, out var contents, out var missing);
            if (line is null)
            {
                Drop(render, traced, RenderName, $"missing '{missing}' for the {examples[i].Format} template");
                return;
            }

            rendered[i] = line;
            if (i == 0 && counter is not null)
            {
                // The budget is that of the first fine-tuning output: the tokens of its rendered texts.
                traced.Tokens = counter.Count(contents);
            }
        }

        traced.Rendered = rendered;
        render.RecordsOut++;
    }

    private static void Drop(OperatorStats stats, TracedRecord traced, string stage, string reason, string? detail = null)
    {
        stats.Dropped[reason] = stats.Dropped.GetValueOrDefault(reason) + 1;
        traced.Drop(stage, reason, detail);
    }
}
