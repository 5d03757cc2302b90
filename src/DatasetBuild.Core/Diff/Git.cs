using System.Diagnostics;

namespace DatasetBuild.Core.Diff;

/// <summary>The few git commands dsb diff needs, run as processes (git must be on PATH).</summary>
public static class Git
{
    public static string Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git could not be started");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new GitException($"git {string.Join(' ', arguments)}: {error.Trim()}");
        }

        return output.Result.Trim();
    }

    public static string TopLevel(string directory) => Run(directory, "rev-parse", "--show-toplevel");

    /// <summary>Checks out <paramref name="revision"/> into a temporary worktree; dispose to remove it.</summary>
    public static Worktree AddWorktree(string repository, string revision, string path)
    {
        Run(repository, "worktree", "add", "--detach", "--force", path, revision);
        return new Worktree(repository, path);
    }

    public sealed class Worktree(string repository, string path) : IDisposable
    {
        public string Path { get; } = path;

        public void Dispose()
        {
            try
            {
                Run(repository, "worktree", "remove", "--force", Path);
            }
            catch (GitException)
            {
                // Left for `git worktree prune`.
            }
        }
    }
}

public sealed class GitException(string message) : Exception(message);
