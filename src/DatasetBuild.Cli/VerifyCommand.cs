using System.CommandLine;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Engine;
using DatasetBuild.Core.Provenance;

namespace DatasetBuild.Cli;

/// <summary>
/// <c>dsb verify [--project DIR] [--spec FILE]</c>: rebuilds the dataset from scratch in a temporary folder,
/// with no cache, in locked mode, and compares it with dataset.lock.json. Exit 0 when it reproduces, 1 with
/// the files or hashes that differ.
/// </summary>
public static class VerifyCommand
{
    public static Command Create()
    {
        var project = new Option<DirectoryInfo>("--project")
        {
            Description = "The dataset project folder (default: the current folder).",
            DefaultValueFactory = _ => new DirectoryInfo(Directory.GetCurrentDirectory()),
        };
        var spec = new Option<FileInfo?>("--spec") { Description = "The spec, when it is not dataset.yaml in the project folder." };
        var allowExternal = new Option<bool>("--allow-external-paths") { Description = "Allow source files outside the spec's folder." };
        var command = new Command("verify", "Rebuild the dataset without any cache and check that it reproduces dataset.lock.json (spec, every source file, content hash).")
        {
            project,
            spec,
            allowExternal,
        };
        command.SetAction(result => Run(result.GetValue(project)!, result.GetValue(spec), result.GetValue(allowExternal)));
        return command;
    }

    private static int Run(DirectoryInfo project, FileInfo? specFile, bool allowExternalPaths)
    {
        var specPath = specFile?.FullName ?? Path.Combine(project.FullName, "dataset.yaml");
        var lockPath = LockFile.PathBeside(specPath);
        if (!File.Exists(specPath))
        {
            Console.Error.WriteLine($"{specPath}: error {DiagnosticCodes.SpecNotFound}: no spec here; pass --project or --spec");
            return 1;
        }

        if (!File.Exists(lockPath))
        {
            Console.Error.WriteLine($"{lockPath}: error {DiagnosticCodes.LockMissing}: nothing to verify against; build once and commit {LockFile.FileName}");
            return 1;
        }

        var scratch = Path.Combine(Path.GetTempPath(), "dsb-verify-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var result = DatasetPipeline.RunAll(new DatasetPipeline.Options(
                specPath,
                Path.Combine(scratch, "state"),
                Path.Combine(scratch, "cache"),
                Path.Combine(scratch, "out"),
                Locked: true,
                AllowExternalPaths: allowExternalPaths));
            foreach (var diagnostic in result.Diagnostics.Items)
            {
                Console.Error.WriteLine(diagnostic.ToString());
            }

            if (!result.Succeeded)
            {
                Console.Error.WriteLine("verify: the dataset does NOT reproduce its lock.");
                return 1;
            }

            var locked = LockFile.TryRead(lockPath)!;
            Console.WriteLine($"verify: {locked.Name} {locked.Version} reproduces: {locked.Records} records, content {locked.ContentHash}");
            return 0;
        }
        catch (DatasetBuildException ex)
        {
            Console.Error.WriteLine(ex.Diagnostic.ToString());
            return 1;
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS temp cleaner.
            }
        }
    }
}
