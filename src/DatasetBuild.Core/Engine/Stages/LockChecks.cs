using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Core.Spec.Yaml;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The lock file's two moments: after ingest, a locked build compares the spec and every source file with
/// the lock; after emit, a locked build compares the content hash, and an unlocked one checks that a
/// content change came with a version bump (warning DSB4007 naming the implied bump) and rewrites the lock. The check
/// compares with the last version and content that passed it (<see cref="LockFile.Checked"/>), which the lock keeps
/// until it passes again: a change built without a sufficient bump warns on every build until the version is bumped,
/// instead of once, and a lock committed in that state fails a locked build.
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
                diagnostics.Error(DiagnosticCodes.LockSourceDrift, LockFile.Locate(lockPath, $"\"name\": \"{file.Source}\"", after: "\"sources\""),
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
        var spec = context.Spec;
        if (context.Locked)
        {
            if (previous is not null && previous.ContentHash != contentHash)
            {
                throw DatasetBuildException.At(DiagnosticCodes.LockContentDrift, LockFile.Locate(lockPath, "\"content_hash\""),
                    $"the dataset does not reproduce the locked content (locked {previous.ContentHash}, built {contentHash}){Changes(previous, index)}");
            }

            // A lock committed after a build that warned DSB4007: the version check is an error here.
            if (previous is not null && !previous.IsChecked)
            {
                throw DatasetBuildException.At(DiagnosticCodes.VersionNotBumped, LockFile.Locate(lockPath, "\"version\""),
                    $"the lock's content changed since version {previous.Checked.Version} without a sufficient version bump (it holds version {previous.Version}); bump 'version' in the spec and build without DatasetLocked to lock it");
            }

            return;
        }

        // Compared with the last version and content that passed the check, not with the last build: a change built
        // without a sufficient bump keeps warning until the version is bumped enough.
        var passed = previous is null || CheckVersion(previous.Checked, contentHash, index);
        var next = new LockFile
        {
            Name = spec.Name,
            Version = spec.Version,
            SpecSha256 = state.SpecSha256,
            ContentHash = contentHash,
            CheckedVersion = passed ? spec.Version : previous!.Checked.Version,
            CheckedContentHash = passed ? contentHash : previous!.Checked.ContentHash,
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

    /// <summary>
    /// Whether the spec's version fits the change from the last checked version and content: never lower than that
    /// version, and bumped at least as much as the change implies (Croissant's rule). Warns DSB4007 when not.
    /// </summary>
    private bool CheckVersion((string Version, string ContentHash) checkedAt, string contentHash, RecordIndex index)
    {
        var spec = context.Spec;
        var versionAt = spec.Root["version"]?.Location ?? SourceLocation.InFile(spec.SpecPath);
        var actual = VersionBumps.Between(checkedAt.Version, spec.Version);
        if (actual == VersionBump.None && spec.Version != checkedAt.Version)
        {
            context.Diagnostics.Warning(DiagnosticCodes.VersionNotBumped, versionAt, $"version went from {checkedAt.Version} back to {spec.Version}; set a version above {checkedAt.Version}");
            return false;
        }

        if (contentHash == checkedAt.ContentHash)
        {
            return true;
        }

        var changes = RecordIndex.TryLoad(context.Cache, checkedAt.ContentHash) is { } before ? index.ComparedTo(before) : null; // null: that version's jobs are no longer cached
        var implied = changes?.Implied ?? VersionBump.Patch;
        if (actual >= implied)
        {
            return true;
        }

        var what = changes is null
            ? $"the content changed since version {checkedAt.Version} (its records are not in this cache, so the implied bump is at least a patch)"
            : $"the content changed since version {checkedAt.Version} ({changes}), which implies a {implied.Name()} bump";
        var message = actual != VersionBump.None
            ? $"{what}, but version went only from {checkedAt.Version} to {spec.Version} ({actual.Name()})"
            : $"{what}, but version is still {spec.Version}; bump it in the spec";
        context.Diagnostics.Warning(DiagnosticCodes.VersionNotBumped, versionAt, message);
        return false;
    }

    private string Changes(LockFile previous, RecordIndex index) =>
        RecordIndex.TryLoad(context.Cache, previous.ContentHash) is { } before && index.ComparedTo(before) is { } changes ? $": {changes}" : "";

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
}
