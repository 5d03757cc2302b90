using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Spec;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Sources;

/// <summary>
/// Expands every source's glob; a source that matches no file is an error at its <c>path:</c>. Specs arrive
/// in pull requests from forks, so a file that resolves outside the spec's folder (through <c>..</c> or a
/// symbolic link) is an error unless external paths are allowed (<c>-p:DatasetAllowExternalPaths=true</c>).
/// </summary>
public static class SourceResolver
{
    public static IReadOnlyList<SourceFile> Resolve(DatasetSpec spec, DiagnosticBag diagnostics, bool allowExternalPaths = false)
    {
        var files = new List<SourceFile>();
        for (var index = 0; index < spec.Sources.Count; index++)
        {
            var source = spec.Sources[index];
            var glob = SourceGlob.Parse(source.Path, source.PathLocation);
            var baseFolder = Path.Combine(spec.SpecDirectory, glob.BaseRelative);
            if (!allowExternalPaths && !RealPath.IsInside(baseFolder, spec.SpecDirectory))
            {
                diagnostics.Error(DiagnosticCodes.SpecExternalPath, source.PathLocation, ExternalMessage(source.Name, source.Path));
                continue;
            }

            var matches = glob.Match(spec.SpecDirectory);
            var external = allowExternalPaths ? null : matches.FirstOrDefault(m => !RealPath.IsInside(Path.Combine(spec.SpecDirectory, m), spec.SpecDirectory));
            if (external is not null)
            {
                diagnostics.Error(DiagnosticCodes.SpecExternalPath, source.PathLocation, ExternalMessage(source.Name, external) + " (through a symbolic link)");
                continue;
            }

            if (matches.Count == 0)
            {
                diagnostics.Error(DiagnosticCodes.SourceNoFiles, source.PathLocation, $"source '{source.Name}': no file matches '{source.Path}'");
                continue;
            }

            files.AddRange(matches.Select(relative =>
                new SourceFile(source, index, relative, Path.GetFullPath(Path.Combine(spec.SpecDirectory, relative)))));
        }

        return files;
    }

    private static string ExternalMessage(string source, string path) =>
        $"source '{source}': '{path}' resolves outside the project folder; set -p:DatasetAllowExternalPaths=true to allow it";
}
