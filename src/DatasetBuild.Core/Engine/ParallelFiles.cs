using System.Runtime.ExceptionServices;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// Runs per-file stage work on all cores. Results come back in input order, so everything after is as
/// deterministic as a sequential run; the first exception is rethrown as itself, not wrapped.
/// </summary>
public static class ParallelFiles
{
    public static TResult[] Map<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> body)
    {
        var results = new TResult[items.Count];
        try
        {
            Parallel.For(0, items.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => results[i] = body(items[i]));
        }
        catch (AggregateException aggregate)
        {
            var first = aggregate.Flatten().InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }

        return results;
    }
}
