using System.Runtime.ExceptionServices;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// Runs per-file stage work on all cores. Results come back in input order, so everything after is as
/// deterministic as a sequential run; the first exception is rethrown as itself, not wrapped.
/// </summary>
public static class ParallelFiles
{
    /// <summary>The most items <see cref="MapInOrder"/> starts ahead of their turn (their results wait in memory).</summary>
    public const int MaxAhead = 16;

    /// <summary>
    /// Items are handed out one at a time, whatever their cost: the few files a build has to work on (new ones,
    /// next to each other in the list) go to different cores instead of falling into one worker's range.
    /// </summary>
    public static TResult[] Map<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> body)
    {
        var results = new TResult[items.Count];
        var next = -1;
        var stop = false;
        try
        {
            Parallel.For(0, Math.Min(Environment.ProcessorCount, items.Count), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, _ =>
            {
                int i;
                while (!Volatile.Read(ref stop) && (i = Interlocked.Increment(ref next)) < items.Count)
                {
                    try
                    {
                        results[i] = body(items[i]);
                    }
                    catch
                    {
                        Volatile.Write(ref stop, true);
                        throw;
                    }
                }
            });
        }
        catch (AggregateException aggregate)
        {
            var first = aggregate.Flatten().InnerExceptions[0];
            ExceptionDispatchInfo.Capture(first).Throw();
        }

        return results;
    }

    /// <summary>
    /// Runs <paramref name="body"/> on all cores, taking items in ascending order, and hands each result to
    /// <paramref name="consume"/> on the calling thread in input order as soon as it and all before it are done:
    /// the consumer (writing the results out) overlaps with the work. With a <paramref name="window"/>, no item is
    /// started more than that many items ahead of the consumer, so results that hold memory stay bounded. The first
    /// failure stops the workers and is rethrown as itself once they have stopped. The items listed in
    /// <paramref name="ahead"/> (at most <see cref="MaxAhead"/>) one worker starts before any other, whatever the
    /// window: the few expensive ones (a build's cache misses among hits), so that the consumer finds them done when it
    /// gets there instead of waiting for them then. The other workers keep to ascending order, and take an item started
    /// ahead no second time.
    /// </summary>
    public static TResult[] MapInOrder<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, TResult> body, Action<int, TResult> consume, int? window = null, IReadOnlyList<int>? ahead = null)
    {
        var results = new TResult[items.Count];
        var done = items.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var claimed = new int[items.Count];
        var next = -1;
        var stop = false;
        var workerCount = Math.Min(Environment.ProcessorCount, Math.Max(items.Count, 1));
        if (ahead?.FirstOrDefault(i => i < 0 || i >= items.Count, -1) is var outside and >= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ahead), $"item {outside} of {items.Count} cannot start ahead");
        }

        var early = ahead is null || workerCount < 2 ? [] : ahead.Take(MaxAhead).ToArray();
        using var slots = new SemaphoreSlim(Math.Max(window ?? items.Count, 1) + workerCount);
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Run(int i)
        {
            try
            {
                results[i] = body(items[i]);
                done[i].SetResult();
            }
            catch (Exception ex)
            {
                Volatile.Write(ref stop, true);
                done[i].SetException(ex);
                failed.TrySetResult();
            }
        }

        var workers = Enumerable.Range(0, workerCount).Select(worker => Task.Run(() =>
        {
            // Items started ahead take no slot: the consumer's release for each of them widens the window by one, and
            // there are few of them.
            if (worker == 0)
            {
                foreach (var i in early)
                {
                    if (Volatile.Read(ref stop))
                    {
                        return;
                    }

                    if (Interlocked.Exchange(ref claimed[i], 1) == 0)
                    {
                        Run(i);
                    }
                }
            }

            while (true)
            {
                slots.Wait(); // a free slot before taking an item: the item the consumer waits for is always running
                int i;
                do
                {
                    if (Volatile.Read(ref stop) || (i = Interlocked.Increment(ref next)) >= items.Count)
                    {
                        return;
                    }
                }
                while (Interlocked.Exchange(ref claimed[i], 1) != 0); // started ahead: this slot serves the next item

                Run(i);
            }
        })).ToArray();
        void StopWorkers()
        {
            Volatile.Write(ref stop, true);
            slots.Release(workerCount); // wakes any worker waiting for a slot, to see the stop
            try
            {
                Task.WaitAll(workers);
            }
            catch (AggregateException)
            {
                // The failure being thrown is the one that counts.
            }
        }

        try
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (!done[i].Task.IsCompleted)
                {
                    // Until it is done, or another item failed: the workers then stop, and may never start this one (an
                    // item started ahead can fail before the others have started).
                    Task.WaitAny(done[i].Task, failed.Task);
                }

                if (done[i].Task.IsCompleted)
                {
                    done[i].Task.GetAwaiter().GetResult(); // a failed item throws its own exception
                    consume(i, results[i]);
                    slots.Release();
                    continue;
                }

                // Another item failed: wait for the workers, then throw the first failure.
                StopWorkers();
                done.First(d => d.Task.IsFaulted).Task.GetAwaiter().GetResult();
            }
        }
        catch
        {
            StopWorkers();
            throw;
        }

        StopWorkers();
        return results;
    }
}
