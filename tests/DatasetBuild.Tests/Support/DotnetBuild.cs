using System.Diagnostics;
using DatasetBuild.Tasks;

namespace DatasetBuild.Tests.Support;

/// <summary>
/// Runs the real `dotnet build` on a fixture dataset project that imports this repository's SDK files and
/// the task assembly built beside the tests. Keeps a binary log for the failure message.
/// </summary>
public static class DotnetBuild
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string ProjectFile(TempDirectory dir, string name = "fixture")
    {
        var sdk = Path.Combine(RepoRoot, "tasks", "DatasetBuild.Tasks", "Sdk");
        var tasks = typeof(RunDatasetStage).Assembly.Location;
        return dir.Write($"{name}.dsproj", $"""
            <Project>
              <PropertyGroup>
                <DatasetBuildTasksAssembly>{tasks}</DatasetBuildTasksAssembly>
                <DatasetBuildUseTaskHost>true</DatasetBuildUseTaskHost>
              </PropertyGroup>
              <Import Project="{sdk}/Sdk.props" />
              <Import Project="{sdk}/Sdk.targets" />
            </Project>
            """);
    }

    public static (int ExitCode, string Output) Run(string project, params string[] extraArgs) =>
        Run(project, new Dictionary<string, string>(), extraArgs);

    /// <summary>What started builds printed, by process id, for failure messages.</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<int, System.Text.StringBuilder> Output = new();

    /// <summary>Starts `dotnet build` without waiting, for fault injection (kill it, or run two at once).</summary>
    public static Process Start(string project, params string[] extraArgs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(project)!,
        };
        foreach (var arg in new[] { "build", project, "-nodeReuse:false", "-tl:off", "-v:m" }.Concat(extraArgs))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        var process = Process.Start(start)!;
        var log = Output.GetOrAdd(process.Id, _ => new System.Text.StringBuilder());
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static (int ExitCode, string Output) Run(string project, IReadOnlyDictionary<string, string> environment, params string[] extraArgs)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(project)!,
        };
        foreach (var arg in new[] { "build", project, "-nodeReuse:false", "-tl:off", "-v:n", "-bl:" + Path.ChangeExtension(project, ".binlog") }.Concat(extraArgs))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet build did not finish in 5 minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DatasetBuild.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("run the tests from inside the repository");
    }
}
