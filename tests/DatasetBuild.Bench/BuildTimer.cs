using System.Diagnostics;

namespace DatasetBuild.Bench;

/// <summary>
/// Runs one real <c>dotnet build -nodeReuse:false</c> and measures it as a user would: the whole process's
/// wall time, and the peak resident memory of its process tree (the sum of VmRSS over the build process
/// and every descendant, sampled every 20 ms from /proc, so task hosts and worker nodes count too), and the CPU
/// time the tree used (user + system, the last sample before it exits): on a shared machine the CPU time moves
/// much less with other workloads than the wall time does.
/// </summary>
public static class BuildTimer
{
    public sealed record Run(double Seconds, long PeakRssBytes, double CpuSeconds = 0);

    public static Run Build(string project, string what, params string[] properties)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "build", project, "-nodeReuse:false", "-tl:off", "-v:q", "-nologo" }.Concat(properties))
        {
            start.ArgumentList.Add(arg);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        double cpu = 0;
        while (!process.WaitForExit(20))
        {
            var (rss, cpuSoFar) = Tree(process.Id);
            peak = Math.Max(peak, rss);
            cpu = Math.Max(cpu, cpuSoFar);
        }

        var seconds = watch.Elapsed.TotalSeconds;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed:\n{stdout.Result}{stderr.Result}");
        }

        Console.WriteLine($"{what,-40} {seconds,8:F2} s   peak RSS {peak / 1048576.0,7:F0} MiB   CPU {cpu,6:F1} s");
        return new Run(seconds, peak, cpu);
    }

    /// <summary>
    /// Writes the page cache's dirty pages to disk (`sync`) before a timed build, so a build does not pay for the
    /// write-back of a corpus just generated (about a gigabyte at 1M records: seconds on this VM's disk).
    /// </summary>
    public static void SettleDisk()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        using var sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false });
        sync?.WaitForExit();
    }

    /// <summary>The median of three runs (by time).</summary>
    public static Run Median(Func<Run> run)
    {
        var runs = Enumerable.Range(0, 3).Select(_ => run()).OrderBy(r => r.Seconds).ToList();
        return runs[1];
    }

    /// <summary>
    /// The resident set of a process and all its descendants, in bytes, and their CPU seconds so far (the root's
    /// own and its waited-for children's, plus each live descendant's); zeros where /proc is absent.
    /// </summary>
    private static (long Rss, double CpuSeconds) Tree(int root)
    {
        if (!Directory.Exists("/proc"))
        {
            return (0, 0);
        }

        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ReadParent(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }

        long total = 0;
        double ticks = 0;
        foreach (var pid in parents.Keys)
        {
            if (IsInTree(pid, root, parents))
            {
                total += ReadRss(pid);
                ticks += ReadCpuTicks(pid, withChildren: pid == root);
            }
        }

        return (total, ticks / 100.0); // USER_HZ is 100 on Linux
    }

    private static long ReadCpuTicks(int pid, bool withChildren)
    {
        try
        {
            // Fields after "(comm) ": state is [0], utime [11], stime [12], cutime [13], cstime [14].
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var own = long.Parse(fields[11]) + long.Parse(fields[12]);
            return withChildren ? own + long.Parse(fields[13]) + long.Parse(fields[14]) : own;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return 0;
        }
    }

    private static bool IsInTree(int pid, int root, Dictionary<int, int> parents)
    {
        for (var depth = 0; depth < 64; depth++)
        {
            if (pid == root)
            {
                return true;
            }

            if (!parents.TryGetValue(pid, out pid) || pid <= 1)
            {
                return false;
            }
        }

        return false;
    }

    private static int? ReadParent(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (comm) state ppid ...", comm may hold spaces and parentheses.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static long ReadRss(int pid)
    {
        try
        {
            var statm = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            return long.Parse(statm[1]) * Environment.SystemPageSize;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 0;
        }
    }
}
