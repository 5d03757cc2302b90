using System.CommandLine;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Engine;
using DatasetBuild.Core.Spec;
using DatasetBuild.Core.Sources;

namespace DatasetBuild.Cli;

/// <summary><c>dsb check [SPEC]</c>: validates a spec and its source globs without building; exit 1 on errors.</summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("spec")
        {
            Description = "The dataset spec to check.",
            DefaultValueFactory = _ => new FileInfo("dataset.yaml"),
        };
        var allowExternal = new Option<bool>("--allow-external-paths") { Description = "Allow source files outside the spec's folder." };
        var command = new Command("check", "Validate a dataset spec (keys, types, fields, expressions, globs) and report every error with its line and column.")
        {
            spec,
            allowExternal,
        };
        command.SetAction(result => Run(result.GetValue(spec)!, result.GetValue(allowExternal)));
        return command;
    }

    private static int Run(FileInfo specFile, bool allowExternalPaths)
    {
        var diagnostics = new DiagnosticBag();
        var loaded = SpecLoader.Load(specFile.FullName, diagnostics, DatasetPipeline.DisplayPathOf(specFile.FullName));
        var files = loaded is null ? [] : SourceResolver.Resolve(loaded, diagnostics, allowExternalPaths);
        foreach (var diagnostic in diagnostics.Items)
        {
            Console.Error.WriteLine(diagnostic.ToString());
        }

        if (diagnostics.HasErrors)
        {
            return 1;
        }

        Console.WriteLine($"{loaded!.Name} {loaded.Version}: spec is valid; {loaded.Sources.Count} sources, {files.Count} files.");
        return 0;
    }
}
