using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Engine;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Core.Spec;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Diff;

/// <summary>One side of a diff: a dataset built from one revision of the spec, in a scratch folder.</summary>
public sealed record DatasetSnapshot(string Label, DatasetSpec Spec, Manifest Manifest, RecordIndex Records, string OutputDirectory)
{
    /// <summary>
    /// Builds the spec with the shared stage cache (unchanged stages are hits) into <paramref name="scratch"/>;
    /// never touches the project's outputs or its lock file. Throws <see cref="DiffBuildException"/> on errors.
    /// </summary>
    public static DatasetSnapshot Build(string label, string specPath, string cacheDirectory, string scratch, bool allowExternalPaths)
    {
        var output = Path.Combine(scratch, "out");
        var result = DatasetPipeline.RunAll(new DatasetPipeline.Options(specPath, Path.Combine(scratch, "state"), cacheDirectory, output, Locked: false, allowExternalPaths)
        {
            WriteLock = false,
            GatesAsWarnings = true,
        });
        if (!result.Succeeded)
        {
            throw new DiffBuildException(label, result.Diagnostics.Items);
        }

        var spec = SpecLoader.Load(specPath, new DiagnosticBag())!;
        var manifest = ManifestJson.Read(Path.Combine(output, "manifest.json"))!;
        var cache = new StageCache(cacheDirectory, new DiagnosticBag());
        var records = RecordIndex.TryLoad(cache, manifest.ContentHash) ?? new RecordIndex(cache, []);
        return new DatasetSnapshot(label, spec, manifest, records, output);
    }
}

/// <summary>One side of a diff did not build.</summary>
public sealed class DiffBuildException(string label, IReadOnlyList<Diagnostic> diagnostics)
    : Exception($"the {label} revision does not build")
{
    public string Label { get; } = label;

    public IReadOnlyList<Diagnostic> Diagnostics { get; } = diagnostics;
}
