namespace DatasetBuild.Core.Engine;

/// <summary>TEMPORARY profiling aid: appends phase timings to $DSB_TIMING_LOG when set.</summary>
public static class PhaseTimer
{
    private static readonly string? Log = Environment.GetEnvironmentVariable("DSB_TIMING_LOG");
    private static readonly object Gate = new();

    public static T Time<T>(string what, Func<T> body)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var result = body();
        Mark(what, watch, cpu);
        return result;
    }

    public static void Time(string what, Action body)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        body();
        Mark(what, watch, cpu);
    }

    private static void Mark(string what, System.Diagnostics.Stopwatch watch, TimeSpan cpuBefore)
    {
        if (Log is null)
        {
            return;
        }

        lock (Gate)
        {
            var info = GC.GetGCMemoryInfo();
            File.AppendAllText(Log, $"{what,-40} {watch.Elapsed.TotalSeconds,8:F3} s cpu {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds,7:F2} s  gc {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)} pause {GC.GetTotalPauseDuration().TotalSeconds:F2} s heap {info.HeapSizeBytes >> 20} MB alloc {GC.GetTotalAllocatedBytes() >> 20} MB\n");
        }
    }
}
