using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine;

/// <summary>What every stage needs: the spec, the cache, where state goes, and where diagnostics go.</summary>
public sealed class BuildContext(DatasetSpec spec, StageCache cache, string stateDirectory, DiagnosticBag diagnostics, bool locked = false, bool allowExternalPaths = false)
{
    public DatasetSpec Spec { get; } = spec;

    public StageCache Cache { get; } = cache;

    public string StateDirectory { get; } = stateDirectory;

    public DiagnosticBag Diagnostics { get; } = diagnostics;

    /// <summary>CI mode: any drift from dataset.lock.json is an error, and the lock is never written.</summary>
    public bool Locked { get; } = locked;

    /// <summary>Whether source files may resolve outside the spec's folder.</summary>
    public bool AllowExternalPaths { get; } = allowExternalPaths;

    /// <summary>Whether an unlocked build may rewrite dataset.lock.json (not for side builds such as dsb diff).</summary>
    public bool WriteLock { get; init; } = true;

    /// <summary>Unmet coverage targets are warnings, whatever on_unmet says (side builds such as dsb diff).</summary>
    public bool GatesAsWarnings { get; init; }

    public string LockPath => Provenance.LockFile.PathBeside(Spec.SpecPath);

    /// <summary>How a source file is named in diagnostics: as the user wrote it, relative to the spec.</summary>
    public string DisplayPath(string relativePath) => relativePath;

    public PipelineState LoadState(string stage)
    {
        var path = PipelineState.PathFor(StateDirectory, stage);
        return PhaseTimer.Time($"load {stage} state", () => PipelineState.TryLoad(path))
            ?? throw DatasetBuildException.At(DiagnosticCodes.StageOrder, SourceLocation.InFile(path), $"the '{stage}' stage has not run; build the project instead of a single stage target");
    }
}
