using System.Diagnostics;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// A profiling aid for the engine's own phases: with the environment variable <c>DSB_TIMING_LOG</c> set to a file,
/// each timed phase appends its wall time, when it ended (seconds since the process started), the process's CPU time over it, the garbage collector's counts,
/// pause total and allocations so far, the heap size, the methods compiled just in time so far and the time that took, and the process's resident memory (now and at its peak). Without it, timing a phase costs nothing but the call.
/// </summary>
public static class PhaseTimer
{
    private static readonly string? Log = Environment.GetEnvironmentVariable("DSB_TIMING_LOG");
    private static readonly object Gate = new();

    public static T Time<T>(string what, Func<T> body)
    {
        if (Log is null)
        {
            return body();
        }

        var (watch, cpu) = (Stopwatch.StartNew(), CpuTime());
        var result = body();
        Write(what, watch, cpu);
        return result;
    }

    public static void Time(string what, Action body) => Time(what, () =>
    {
        body();
        return 0;
    });

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static void Write(string what, Stopwatch watch, TimeSpan cpuBefore)
    {
        using var process = Process.GetCurrentProcess();
        var line = FormattableString.Invariant(
            $"{what,-32} {watch.Elapsed.TotalSeconds,8:F3} s  at {(DateTime.UtcNow - process.StartTime.ToUniversalTime()).TotalSeconds,6:F2} s  cpu {(CpuTime() - cpuBefore).TotalSeconds,7:F2} s  gc {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}  pauses {GC.GetTotalPauseDuration().TotalSeconds:F2} s  allocated {GC.GetTotalAllocatedBytes() >> 20} MiB  heap {GC.GetGCMemoryInfo().HeapSizeBytes >> 20} MiB  jit {System.Runtime.JitInfo.GetCompiledMethodCount()} methods {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:F2} s  rss {process.WorkingSet64 >> 20} MiB (peak {process.PeakWorkingSet64 >> 20})\n");
        lock (Gate)
        {
            File.AppendAllText(Log!, line);
        }
    }
}
