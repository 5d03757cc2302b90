using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Core.Sources;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// <c>dedup.near.against</c>: a dataset released before, given as its output folder or its manifest.json.
/// Its data files (the manifest's parquet outputs, else its jsonl outputs; without a manifest every *.parquet
/// under the folder except lineage, else every plain *.jsonl) are read for their <c>id</c> and the near-dedup
/// field; their sha256 digests are part of the dedup stage's key, so a different release re-decides.
/// </summary>
public sealed class ReleasedDataset
{
    private ReleasedDataset(List<string> files, List<string> digests)
    {
        Files = files;
        Digests = digests;
    }

    public IReadOnlyList<string> Files { get; }

    public IReadOnlyList<string> Digests { get; }

    /// <summary>The MSBuild input globs of a release, for the build's up-to-date check.</summary>
    public static IEnumerable<string> InputGlobs(string against) =>
        string.Equals(Path.GetFileName(against), "manifest.json", StringComparison.Ordinal)
            ? [against, Path.Combine(Path.GetDirectoryName(against) ?? "", "**", "*.parquet"), Path.Combine(Path.GetDirectoryName(against) ?? "", "**", "*.jsonl")]
            : [Path.Combine(against, "manifest.json"), Path.Combine(against, "**", "*.parquet"), Path.Combine(against, "**", "*.jsonl")];

    public static ReleasedDataset Open(NearDedupSpec near, string specDirectory, bool allowExternalPaths)
    {
        var path = ProjectPath.Resolve(specDirectory, near.Against!, allowExternalPaths, near.AgainstLocation,
            $"'dedup.near.against' ({near.Against}) is outside the project folder; copy the release into the project or build with -p:DatasetAllowExternalPaths=true");

        var manifestPath = File.Exists(path) ? path : Path.Combine(path, "manifest.json");
        var folder = File.Exists(path) ? Path.GetDirectoryName(path)! : path;
        if (!Directory.Exists(folder))
        {
            throw DatasetBuildException.At(DiagnosticCodes.SpecNotFound, near.AgainstLocation, $"'dedup.near.against': no released dataset at {near.Against}");
        }

        var sorted = DataFiles(folder, manifestPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (sorted.Count == 0)
        {
            throw DatasetBuildException.At(DiagnosticCodes.SpecNotFound, near.AgainstLocation, $"'dedup.near.against': no Parquet or JSON Lines data files in {near.Against}");
        }

        if (sorted.FirstOrDefault(f => !File.Exists(f)) is { } missing)
        {
            throw DatasetBuildException.At(DiagnosticCodes.SpecNotFound, near.AgainstLocation, $"'dedup.near.against': {missing} is listed in the manifest but missing");
        }

        return new ReleasedDataset(sorted, sorted.Select(f => FileSha256.Of(f, normalizeLineEndings: false)).ToList());
    }

    private static IEnumerable<string> DataFiles(string folder, string manifestPath)
    {
        if (File.Exists(manifestPath) && ManifestJson.Read(manifestPath) is { } manifest)
        {
            var format = manifest.Outputs.Any(o => o.Format == "parquet") ? "parquet" : "jsonl";
            return manifest.Outputs.Where(o => o.Format == format).Select(o => Path.GetFullPath(Path.Combine(folder, o.Path)));
        }

        var parquet = Directory.EnumerateFiles(folder, "*.parquet", SearchOption.AllDirectories)
            .Where(f => !string.Equals(Path.GetFileName(f), "lineage.parquet", StringComparison.Ordinal)).ToList();
        return parquet.Count > 0 ? parquet : Directory.EnumerateFiles(folder, "*.jsonl", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).Split('.').Length == 2);
    }

    /// <summary>Every released record's id and text, file by file in path order.</summary>
    public IEnumerable<(string Id, string? Text)> Records(string field)
    {
        foreach (var file in Files)
        {
            var reader = SourceReaders.For(file.EndsWith(".parquet", StringComparison.Ordinal) ? "parquet" : "jsonl");
            foreach (var row in reader.Read(file, file, [new SourceColumn("id", true), new SourceColumn(field, true)]))
            {
                if (row.Values is { } values)
                {
                    yield return (values[0] as string ?? "", values[1] as string);
                }
            }
        }
    }
}
