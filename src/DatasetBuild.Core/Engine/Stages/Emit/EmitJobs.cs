using System.Globalization;

namespace DatasetBuild.Core.Engine.Stages.Emit;

/// <summary>A run of consecutive files (in canonical order) that the emit stage writes, and caches, as one unit.</summary>
public sealed record EmitJob(int First, int Count)
{
    public IEnumerable<int> Files => Enumerable.Range(First, Count);
}

/// <summary>
/// Cuts the canonical file list into <see cref="EmitJob"/>s with content-defined boundaries: a job ends after a
/// file with probability (its records / <see cref="TargetRecords"/>), decided by the file's own ingest hash, so a
/// job holds about <see cref="TargetRecords"/> records however small the files. Whether a boundary follows a file depends on that file alone, so
/// adding or removing a file changes the job it falls in (and at most its neighbour), never the others; a changed
/// file moves (files are ordered by content), so it leaves one job and joins another:
/// the others' cached output parts are reused. Files with <see cref="TargetRecords"/> records or more are jobs
/// of their own. A job is the unit of rework (a new file costs re-encoding the job it joins, about twice the target
/// on average, since a random file falls more often in a large job) and of Parquet row groups (a job's records in
/// one split are one row group per piece of up to 10,000 input records): 1,024 records keeps a +1% rebuild small
/// (at 2,048 it re-encoded three records per new one) while row groups stay in the hundreds to thousands of rows,
/// as dataset loaders that read rows at random prefer.
/// </summary>
public static class EmitJobs
{
    public const int TargetRecords = 1024;

    public static IReadOnlyList<EmitJob> Plan(IReadOnlyList<FileState> files)
    {
        var jobs = new List<EmitJob>();
        var first = 0;
        for (var i = 0; i < files.Count; i++)
        {
            if (EndsJob(files[i]) || i == files.Count - 1)
            {
                jobs.Add(new EmitJob(first, i - first + 1));
                first = i + 1;
            }
        }

        return jobs;
    }

    private static bool EndsJob(FileState file)
    {
        if (file.Records >= TargetRecords)
        {
            return true;
        }

        // The ingest hash is a content hash in hex (XxHash128): its last 15 digits are a uniform draw in [0, 2^60).
        var hex = file.IngestHash.Length >= 15 ? file.IngestHash[^15..] : file.IngestHash;
        var draw = ulong.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value) ? value : 0;
        return draw / (double)(1UL << 60) < (double)Math.Max(file.Records, 1) / TargetRecords;
    }
}
