namespace DatasetBuild.Core.Engine;

/// <summary>TEMPORARY profiling aid: appends phase timings to $DSB_TIMING_LOG when set.</summary>
public static class PhaseTimer
{
    private static readonly string? Log = Environment.GetEnvironmentVariable("DSB_TIMING_LOG");
    private static readonly object Gate = new();

    public static T Time<T>(string what, Func<T> body)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = body();
        Mark(what, watch);
        return result;
    }

    public static void Time(string what, Action body)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        body();
        Mark(what, watch);
    }

    private static void Mark(string what, System.Diagnostics.Stopwatch watch)
    {
        if (Log is null)
        {
            return;
        }

        lock (Gate)
        {
            File.AppendAllText(Log, $"{what,-40} {watch.Elapsed.TotalSeconds,8:F3} s\n");
        }
    }
}
