using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// Streams every file's records in canonical order, read and decoded on another thread a few batches ahead of
/// the consumer (emit), so decoding runs on the second core while the consumer writes. At most a few batches
/// wait at any time, whatever the files' sizes. A failure while reading reaches the consumer as itself.
/// </summary>
internal static class RecordsAhead
{
    private const int BatchSize = 512;
    private const int BatchesAhead = 8;

    public static IEnumerable<(FileState File, TracedRecord Record)> Read(IReadOnlyList<FileState> files, Func<FileState, IEnumerable<TracedRecord>> read)
    {
        using var batches = new BlockingCollection<(FileState File, List<TracedRecord> Records)>(BatchesAhead);
        using var stop = new CancellationTokenSource();
        ExceptionDispatchInfo? failure = null;
        var producer = Task.Run(() =>
        {
            try
            {
                foreach (var file in files)
                {
                    var batch = new List<TracedRecord>(BatchSize);
                    foreach (var record in read(file))
                    {
                        batch.Add(record);
                        if (batch.Count == BatchSize)
                        {
                            batches.Add((file, batch), stop.Token);
                            batch = new List<TracedRecord>(BatchSize);
                        }
                    }

                    if (batch.Count > 0)
                    {
                        batches.Add((file, batch), stop.Token);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The consumer stopped early.
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
            finally
            {
                batches.CompleteAdding();
            }
        });

        try
        {
            foreach (var (file, records) in batches.GetConsumingEnumerable())
            {
                foreach (var record in records)
                {
                    yield return (file, record);
                }
            }
        }
        finally
        {
            stop.Cancel();
            producer.Wait();
        }

        failure?.Throw();
    }
}
