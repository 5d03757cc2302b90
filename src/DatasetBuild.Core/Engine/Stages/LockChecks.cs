using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Core.Spec.Yaml;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The lock file's two moments: after ingest, a locked build compares the spec and every source file with
/// the lock; after emit, a locked build compares the content hash, and an unlocked one checks that a
/// content change came with a version bump (warning DSB4007 naming the implied bump) and rewrites the lock. The check
/// compares with the content the locked version was first locked with, which the lock keeps while the version stays:
/// a change built without a bump warns on every build until the version is bumped, instead of once.
/// </summary>
public sealed class LockChecks(BuildContext context)
{
    public void CheckSources(PipelineState state)
    {
        if (!context.Locked)
        {
            return;
        }

        var lockPath = context.LockPath;
        var locked = LockFile.TryRead(lockPath)
            ?? throw DatasetBuildException.At(
                DiagnosticCodes.LockMissing,
                SourceLocation.InFile(lockPath),
                "a locked build (DatasetLocked=true) needs dataset.lock.json beside the spec; build once without it and commit the lock");
        var diagnostics = context.Diagnostics;
        if (locked.SpecSha256 != state.SpecSha256)
        {
            diagnostics.Error(DiagnosticCodes.LockSpecDrift, LockFile.Locate(lockPath, "\"spec_sha256\""),
                $"the spec {Path.GetFileName(context.Spec.SpecPath)} differs from the locked one (locked {Short(locked.SpecSha256)}, now {Short(state.SpecSha256)})");
        }

        var lockedFiles = locked.Sources.SelectMany(s => s.Files.Select(f => (Source: s.Name, File: f))).ToList();
        foreach (var file in state.Files)
        {
            var entry = lockedFiles.FirstOrDefault(l => l.Source == file.Source && l.File.Path == file.Path);
            if (entry.File is null)
            {
                diagnostics.Error(DiagnosticCodes.LockSourceDrift, LockFile.Locate(lockPath, $"\"name\": \"{file.Source}\""),
                    $"source file {file.Path} (source '{file.Source}') is not in the lock {LockFile.FileName}");
            }
            else if (entry.File.Sha256 != file.Sha256)
            {
                diagnostics.Error(DiagnosticCodes.LockSourceDrift, LockFile.Locate(lockPath, $"\"{file.Path}\""),
                    $"source file {file.Path} differs from the lock (locked {Short(entry.File.Sha256)}, now {Short(file.Sha256)})");
            }
        }

        foreach (var (source, lockedFile) in lockedFiles)
        {
            if (!state.Files.Any(f => f.Source == source && f.Path == lockedFile.Path))
            {
                diagnostics.Error(DiagnosticCodes.LockSourceDrift, LockFile.Locate(lockPath, $"\"{lockedFile.Path}\""),
                    $"locked source file {lockedFile.Path} (source '{source}') is missing");
            }
        }

        if (diagnostics.HasErrors)
        {
            throw new ErrorsReportedException();
        }
    }

    public void AfterEmit(PipelineState state, string contentHash, long records, RecordIndex index)
    {
        var lockPath = context.LockPath;
        if (!context.Locked && !context.WriteLock)
        {
            return;
        }

        var previous = context.Locked ? LockFile.TryRead(lockPath) : LockFile.ReadForRewrite(lockPath, context.Diagnostics);
        if (context.Locked)
        {
            if (previous is not null && previous.ContentHash != contentHash)
            {
                throw DatasetBuildException.At(DiagnosticCodes.LockContentDrift, LockFile.Locate(lockPath, "\"content_hash\""),
                    $"the dataset does not reproduce the locked content (locked {previous.ContentHash}, built {contentHash}){Changes(previous, index)}");
            }

            return;
        }

        // The version's baseline, not the last build's content: a change built once without a bump keeps warning
        // until the version is bumped (the lock keeps the baseline while the version stays).
        if (previous is not null && previous.VersionBaseline != contentHash)
        {
            CheckVersionBump(previous, index);
        }

        var spec = context.Spec;
        var next = new LockFile
        {
            Name = spec.Name,
            Version = spec.Version,
            SpecSha256 = state.SpecSha256,
            ContentHash = contentHash,
            VersionContentHash = previous is not null && previous.Version == spec.Version ? previous.VersionBaseline : contentHash,
            Records = records,
            Sources = spec.Sources.Select((s, i) => new LockSource
            {
                Name = s.Name,
                Files = state.Files.Where(f => f.SourceIndex == i).OrderBy(f => f.Path, StringComparer.Ordinal)
                    .Select(f => new LockSourceFile { Path = f.Path, Sha256 = f.Sha256 }).ToList(),
            }).ToList(),
        };
        AtomicFile.WriteIfChanged(lockPath, next.Serialize());
    }

    private void CheckVersionBump(LockFile previous, RecordIndex index)
    {
        var spec = context.Spec;
        var versionAt = context.Spec.Root["version"]?.Location ?? SourceLocation.InFile(spec.SpecPath);
        var changes = RecordIndex.TryLoad(context.Cache, previous.VersionBaseline) is { } before ? index.ComparedTo(before) : null; // null: the locked version's jobs are no longer cached
        var implied = changes?.Implied ?? VersionBump.Patch;
        var actual = VersionBumps.Between(previous.Version, spec.Version);
        if (actual >= implied)
        {
            return;
        }

        var what = changes is null
            ? $"the content changed since version {previous.Version} was locked (its records are not in this cache, so the implied bump is at least a patch)"
            : $"the content changed since version {previous.Version} was locked ({changes}), which implies a {implied.Name()} bump";
        var message = actual != VersionBump.None
            ? $"{what}, but version went only from {previous.Version} to {spec.Version} ({actual.Name()})"
            : spec.Version == previous.Version
                ? $"{what}, but version is still {spec.Version}; bump it in the spec"
                : $"{what}, but version went from {previous.Version} back to {spec.Version}; set a version above {previous.Version}";
        context.Diagnostics.Warning(DiagnosticCodes.VersionNotBumped, versionAt, message);
    }

    private string Changes(LockFile previous, RecordIndex index) =>
        RecordIndex.TryLoad(context.Cache, previous.ContentHash) is { } before && index.ComparedTo(before) is { } changes ? $": {changes}" : "";

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
