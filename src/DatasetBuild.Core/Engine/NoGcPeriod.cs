using System.Runtime;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// A stretch of work run without garbage collections, up to a budget of allocations (<see cref="GC.TryStartNoGCRegion(long)"/>):
/// emit's assembly allocates a couple of hundred megabytes (the changed jobs' encoding, parsed footers, tallies) while
/// the workers hold their jobs' buffers, and the dedup pass builds its key table and decisions at once; in a +1%
/// build at 1M records the collections that caused paused them for ~0.1 s and ~0.04 s. Past the budget the runtime ends the period itself and collects as usual, so a full
/// build is unaffected. Nothing is held after it: the memory is the process's to reuse.
/// </summary>
public sealed class NoGcPeriod : IDisposable
{
    private readonly bool _started;

    private NoGcPeriod(bool started) => _started = started;

    public static NoGcPeriod Start(long budgetBytes)
    {
        try
        {
            return new NoGcPeriod(GC.TryStartNoGCRegion(budgetBytes));
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or InvalidOperationException)
        {
            return new NoGcPeriod(false); // a budget this runtime cannot reserve, or a period already running
        }
    }

    public void Dispose()
    {
        if (_started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            try
            {
                GC.EndNoGCRegion();
            }
            catch (InvalidOperationException)
            {
                // The runtime ended it (the budget was spent) between the check and the call.
            }
        }
    }
}
