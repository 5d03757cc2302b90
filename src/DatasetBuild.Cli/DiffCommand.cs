using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using DatasetBuild.Core.Diff;

namespace DatasetBuild.Cli;

/// <summary>
/// <c>dsb diff [--base REV] [--head REV] [--project DIR] [--format md|json] [--check]</c>: builds the base revision
/// in a temporary git worktree and the head (default: the working tree), both with the project's stage cache,
/// and reports what the spec change does to the data.
/// </summary>
public static class DiffCommand
{
    public static Command Create()
    {
        var baseRevision = new Option<string>("--base") { Description = "The base revision (default: HEAD).", DefaultValueFactory = _ => "HEAD" };
        var headRevision = new Option<string?>("--head") { Description = "The head revision (default: the working tree)." };
        var project = new Option<DirectoryInfo>("--project")
        {
            Description = "The dataset project folder (default: the current folder).",
            DefaultValueFactory = _ => new DirectoryInfo(Directory.GetCurrentDirectory()),
        };
        var spec = new Option<FileInfo?>("--spec") { Description = "The spec, when it is not dataset.yaml in the project folder." };
        var format = new Option<string>("--format") { Description = "md (a pull-request comment) or json (for tools).", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "json");
        var check = new Option<bool>("--check") { Description = "Exit 1 when the spec's version bump does not match the bump the change implies." };
        var allowExternal = new Option<bool>("--allow-external-paths") { Description = "Allow source files outside the spec's folder." };
        var command = new Command("diff", "Show what a spec change does to the data: per-stage counts, drops by reason, labels, sources, content hash and the version bump it implies.")
        {
            baseRevision, headRevision, project, spec, format, check, allowExternal,
        };
        command.SetAction(result => Run(
            result.GetValue(baseRevision)!,
            result.GetValue(headRevision),
            result.GetValue(project)!,
            result.GetValue(spec),
            result.GetValue(format)!,
            result.GetValue(check),
            result.GetValue(allowExternal)));
        return command;
    }

    private static int Run(string baseRevision, string? headRevision, DirectoryInfo project, FileInfo? specFile, string format, bool check, bool allowExternal)
    {
        var specPath = specFile?.FullName ?? Path.Combine(project.FullName, "dataset.yaml");
        var scratch = Path.Combine(Path.GetTempPath(), "dsb-diff-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var repository = Git.TopLevel(Path.GetDirectoryName(specPath)!);
            var relativeSpec = Path.GetRelativePath(repository, specPath);
            var cache = Path.Combine(Path.GetDirectoryName(specPath)!, "obj", "dataset-cache");
            DatasetSnapshot Build(string? revision, string label)
            {
                if (revision is null)
                {
                    return DatasetSnapshot.Build(label, specPath, cache, Path.Combine(scratch, label), allowExternal);
                }

                using var tree = Git.AddWorktree(repository, revision, Path.Combine(scratch, label + "-tree"));
                return DatasetSnapshot.Build(label, Path.Combine(tree.Path, relativeSpec), cache, Path.Combine(scratch, label), allowExternal);
            }

            var @base = Build(baseRevision, baseRevision);
            var head = Build(headRevision, headRevision ?? "working tree");
            var report = DiffBuilder.Compare(@base, head);
            Console.Out.Write(format == "json"
                ? JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n"
                : MarkdownDiff.Render(report));
            if (check && !report.VersionMatches)
            {
                Console.Error.WriteLine($"{specPath}: error DSB4007: the change implies a {report.ImpliedBump} bump; version went {report.BaseVersion} → {report.HeadVersion}");
                return 1;
            }

            return 0;
        }
        catch (GitException ex)
        {
            Console.Error.WriteLine($"dsb diff: error DSB4009: {ex.Message}");
            return 1;
        }
        catch (DiffBuildException ex)
        {
            foreach (var diagnostic in ex.Diagnostics)
            {
                Console.Error.WriteLine(diagnostic.ToString());
            }

            Console.Error.WriteLine($"dsb diff: {ex.Message}");
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
