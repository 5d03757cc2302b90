using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Sources;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The ingest stage: resolves the sources, ingests each file (cached per file), orders files canonically
/// (source order, then the content hash of their records: independent of file names, enumeration order
/// and line endings), and checks that record ids are unique within each source.
/// </summary>
public sealed class IngestStage(BuildContext context)
{
    public const string Name = "ingest";

    public PipelineState Run()
    {
        var spec = context.Spec;
        var files = PhaseTimer.Time("ingest: resolve sources", () => SourceResolver.Resolve(spec, context.Diagnostics, context.AllowExternalPaths));
        if (context.Diagnostics.HasErrors)
        {
            throw new ErrorsReportedException();
        }

        var report = new StageReportBuilder([(IngestFileStage.Kind, "ingest")]);
        var assets = spec.Sources.Any(s => s.Assets.Count > 0)
            ? new AssetIngest(context, Assets.AssetDigests.Load(context.StateDirectory, spec.SpecDirectory))
            : null;
        var stage = new IngestFileStage(context, assets);
        var states = new List<FileState>();
        var failed = false;
        var previous = (PipelineState.TryLoad(PipelineState.PathFor(context.StateDirectory, Name))?.Files ?? [])
            .GroupBy(f => f.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var memo = PhaseTimer.Time("ingest: load memo", () => StageMemo.Load(context.StateDirectory, IngestFileStage.Kind));
        var results = PhaseTimer.Time("ingest: files", () => ParallelFiles.Map(files, file =>
        {
            try
            {
                var info = new FileInfo(file.FullPath);
                var sha = previous.TryGetValue(file.RelativePath, out var known) && known.Size == info.Length && known.ModifiedTicks == info.LastWriteTimeUtc.Ticks
                    ? known.Sha256
                    : FileSha256.OfSource(file.FullPath, file.Source.Format);
                var key = stage.KeyFor(file, sha);
                var outcome = memo.TryReuse(context.Cache, IngestFileStage.Kind, key, IngestFileStage.IdsKind, IngestFileStage.IdHashesKind)
                    ?? stage.GetOrBuild(file, sha);
                memo.Remember(key, outcome.Entry, outcome.Stats);
                var state = new FileState
                {
                    Source = file.Source.Name,
                    SourceIndex = file.SourceIndex,
                    Path = file.RelativePath,
                    Sha256 = sha,
                    Size = info.Length,
                    ModifiedTicks = info.LastWriteTimeUtc.Ticks,
                    Records = outcome.Stats.Sum(s => s.Stats.RecordsIn),
                    IngestHash = outcome.Entry.ContentHash,
                };
                state.Entries[IngestFileStage.Kind] = outcome.Entry.Key;
                return (State: state, Outcome: outcome);
            }
            catch (ErrorsReportedException)
            {
                return default; // keep going: report every broken file in one build
            }
            catch (DatasetBuildException ex)
            {
                context.Diagnostics.Add(ex.Diagnostic);
                return default;
            }
        }));
        PhaseTimer.Time("ingest: save memo", memo.Save);
        foreach (var (state, outcome) in results)
        {
            if (state is null)
            {
                failed = true;
                continue;
            }

            report.Add(outcome, "ingest");
            states.Add(state);
        }

        // What the MSBuild targets watch next time: the assets this ingest used, present or not.
        assets?.Digests.Save(context.StateDirectory);
        if (failed)
        {
            throw new ErrorsReportedException();
        }

        states = states
            .OrderBy(f => f.SourceIndex)
            .ThenBy(f => f.IngestHash, StringComparer.Ordinal)
            .ThenBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        PhaseTimer.Time("ingest: id check", () => new RecordIdCheck(context).Run(states));
        var pipeline = new PipelineState { SpecSha256 = SpecHash(), Files = states };
        PhaseTimer.Time("ingest: lock checks", () => new LockChecks(context).CheckSources(pipeline));
        pipeline.Stages.AddRange(report.Build());
        return pipeline;
    }

    private string SpecHash() => FileSha256.Of(context.Spec.SpecPath, normalizeLineEndings: true);
}
