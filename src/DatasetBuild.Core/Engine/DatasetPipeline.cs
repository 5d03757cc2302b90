using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Engine.Stages;
using DatasetBuild.Core.Spec;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// The one entry point the MSBuild tasks and the CLI call: run a named stage of a dataset build.
/// Stages run in order ingest → filter → label → dedup → render → emit; each reads the state the previous one
/// saved under the state folder, so each can be its own MSBuild target with its own up-to-date check.
/// </summary>
public static class DatasetPipeline
{
    public static readonly IReadOnlyList<string> StageNames = ["ingest", "filter", "label", "dedup", "render", "emit"];

    public sealed record Options(string SpecPath, string StateDirectory, string CacheDirectory, string OutputDirectory, bool Locked = false, bool AllowExternalPaths = false)
    {
        /// <summary>False for side builds (dsb diff) that must leave the project's dataset.lock.json alone.</summary>
        public bool WriteLock { get; init; } = true;

        /// <summary>True for side builds (dsb diff) that must report unmet coverage targets instead of failing on them.</summary>
        public bool GatesAsWarnings { get; init; }
    }

    /// <summary>Runs every stage in order, stopping at the first that fails; returns all diagnostics.</summary>
    public static StageRunResult RunAll(Options options)
    {
        var diagnostics = new DiagnosticBag();
        var written = new List<string>();
        foreach (var stage in StageNames)
        {
            var result = RunStage(stage, options);
            diagnostics.AddRange(result.Diagnostics.Items);
            written.AddRange(result.FilesWritten);
            if (!result.Succeeded)
            {
                break;
            }
        }

        return new StageRunResult(diagnostics, written);
    }

    /// <summary>
    /// Runs one stage. Never throws for user errors: they come back as diagnostics. A corrupt cache entry met
    /// while streaming is reported (DSB4001), deleted, and the stage runs again, rebuilding it.
    /// </summary>
    public static StageRunResult RunStage(string stage, Options options)
    {
        if (stage == "ingest")
        {
            JitWarmUp.StartOnce(); // the stages after ingest run in this process too
        }

        var diagnostics = new DiagnosticBag();
        var discarded = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            try
            {
                return PhaseTimer.Time("stage " + stage, () => RunStageThenReleaseMemory(stage, options, diagnostics));
            }
            catch (CacheCorruptException corrupt) when (discarded.Count < MaxDiscardedEntries && discarded.Add(corrupt.EntryPath))
            {
                // Each run finds the next damaged entry (workers may meet several at once, but one is thrown).
                new StageCache(options.CacheDirectory, diagnostics).Discard(corrupt);
            }
            catch (CacheCorruptException corrupt)
            {
                var why = discarded.Contains(corrupt.EntryPath) ? "stays corrupt after rebuilding" : $"is the {MaxDiscardedEntries + 1}th corrupt one in this stage";
                diagnostics.Error(DiagnosticCodes.CacheCorrupt, SourceLocation.InFile(corrupt.EntryPath), $"cache entry {why} ({corrupt.Reason}); delete {options.CacheDirectory}");
                return new StageRunResult(diagnostics, []);
            }
        }
    }

    /// <summary>How many damaged entries one stage discards and rebuilds, one run each, before it gives up.</summary>
    private const int MaxDiscardedEntries = 64;

    private static StageRunResult RunStageOnce(string stage, Options options, DiagnosticBag diagnostics)
    {
        StageCache? cache = null;
        try
        {
            var spec = PhaseTimer.Time($"{stage}: load spec", () => SpecLoader.Load(options.SpecPath, diagnostics, DisplayPathOf(options.SpecPath)));
            if (spec is null)
            {
                return new StageRunResult(diagnostics, []);
            }

            cache = new StageCache(options.CacheDirectory, diagnostics);
            var context = new BuildContext(spec, cache, options.StateDirectory, diagnostics, options.Locked, options.AllowExternalPaths) { WriteLock = options.WriteLock, GatesAsWarnings = options.GatesAsWarnings };
            var written = new List<string>();
            PipelineState state;
            switch (stage)
            {
                case "ingest":
                    state = new IngestStage(context).Run();
                    break;
                case "filter":
                    state = new RecordStage(context, RecordFileStage.FilterKind).Run(context.LoadState("ingest"));
                    break;
                case "label":
                    state = new RecordStage(context, RecordFileStage.LabelKind).Run(context.LoadState("filter"));
                    break;
                case "dedup":
                    state = new DedupStage(context).Run(context.LoadState("label"));
                    break;
                case "render":
                    state = new RenderStage(context).Run(context.LoadState("dedup"));
                    break;
                case "emit":
                    state = context.LoadState("render");
                    var published = new EmitStage(context).Run(state, options.OutputDirectory).Files;
                    written.AddRange(published);
                    written.Add(PublishedList.Save(options.StateDirectory, published));
                    break;
                default:
                    diagnostics.Error(DiagnosticCodes.StageOrder, default, $"unknown stage '{stage}'; stages are {string.Join(", ", StageNames)}");
                    return new StageRunResult(diagnostics, []);
            }

            var statePath = PipelineState.PathFor(options.StateDirectory, stage);
            PhaseTimer.Time($"{stage}: save state", () => state.Save(statePath));
            written.Add(statePath);
            return new StageRunResult(diagnostics, written);
        }
        catch (DatasetBuildException ex)
        {
            diagnostics.Add(ex.Diagnostic);
        }
        catch (ErrorsReportedException)
        {
            // Already in the bag.
        }
        catch (Exception ex) when (ex is not CacheCorruptException)
        {
            if (cache is not null && CorruptEntrySearch.Find(cache) is { } corrupt)
            {
                // Bytes a reader could not decode came from a damaged entry: RunStage discards it and runs the stage again.
                throw corrupt;
            }

            if (ex is IOException or UnauthorizedAccessException)
            {
                diagnostics.Error(DiagnosticCodes.OutputWriteFailed, default, $"I/O failed during stage '{stage}': {ex.Message}");
            }
            else
            {
                // A bug of ours, reported as a diagnostic rather than a stack trace; the type and message help a report.
                diagnostics.Error(DiagnosticCodes.InternalError, default, $"internal error in stage '{stage}' ({ex.GetType().Name}): {ex.Message}; please report it");
            }
        }

        return new StageRunResult(diagnostics, []);
    }

    /// <summary>
    /// The dedup and emit stages build tables over the whole dataset (every record's keys, the record index), all
    /// garbage once they return. MSBuild nodes are long-lived, and the next stage would otherwise allocate on top of
    /// them: start a full (background) collection now, so the next stage reuses that memory instead of growing the heap.
    /// </summary>
    private static StageRunResult RunStageThenReleaseMemory(string stage, Options options, DiagnosticBag diagnostics)
    {
        try
        {
            return RunStageOnce(stage, options, diagnostics);
        }
        finally
        {
            if (stage is "dedup" or "emit")
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: false); // a background collection: the next stage need not wait
            }
        }
    }

    /// <summary>Spec errors name the spec by its full path, so editors and loggers can open it.</summary>
    public static string DisplayPathOf(string path) => Path.GetFullPath(path);
}

/// <summary>What a stage run reports: its diagnostics and the files it wrote.</summary>
public sealed record StageRunResult(DiagnosticBag Diagnostics, IReadOnlyList<string> FilesWritten)
{
    public bool Succeeded => !Diagnostics.HasErrors;
}
