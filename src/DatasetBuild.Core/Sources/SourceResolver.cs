using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Spec;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Sources;

/// <summary>Expands every source's glob; a source that matches no file is an error at its <c>path:</c>.</summary>
public static class SourceResolver
{
    public static IReadOnlyList<SourceFile> Resolve(DatasetSpec spec, DiagnosticBag diagnostics)
    {
        var files = new List<SourceFile>();
        for (var index = 0; index < spec.Sources.Count; index++)
        {
            var source = spec.Sources[index];
            var glob = SourceGlob.Parse(source.Path, source.PathLocation);
            var matches = glob.Match(spec.SpecDirectory);
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
}
