using Microsoft.Win32.SafeHandles;

namespace DatasetBuild.Core.Output;

/// <summary>Where an output file stood after one job's parts: its length, and for Parquet the rows, row groups and bytes of row-group metadata so far.</summary>
public sealed record OutputCheckpoint(long Length, long Rows, int RowGroups, int RowGroupBytes);

/// <summary>
/// What a later build needs to take an output file's jobs from it: the file's SHA-256 and length (to know it is still
/// this file), the first Parquet part's footer, every row group's metadata (offsets in the file), and a checkpoint
/// after each job.
/// </summary>
public sealed record OutputFileMemo(string Sha256, long Length, byte[]? FirstFooter, byte[] RowGroups, IReadOnlyList<OutputCheckpoint> Jobs)
{
    private static readonly OutputCheckpoint Start = new(0, 0, 0, 0);

    /// <summary>Where job <paramref name="job"/>'s bytes are in the file and, for Parquet, its rows and row groups.</summary>
    public PublishedJob Job(int job, bool parquet)
    {
        var before = job == 0 ? Start : Jobs[job - 1];
        var after = Jobs[job];
        // A Parquet file's magic is written with its first part, but belongs to the file, not to that part's job.
        var start = parquet && before.Length == 0 ? Math.Min(4, after.Length) : before.Length;
        return new PublishedJob(start, after.Length, after.Rows - before.Rows, after.RowGroups - before.RowGroups,
            RowGroups.AsMemory(before.RowGroupBytes, after.RowGroupBytes - before.RowGroupBytes));
    }
}

/// <summary>
/// One job's bytes in a published output file, [<see cref="Start"/>, <see cref="End"/>), and for Parquet its rows and
/// its row groups' metadata (offsets in that file).
/// </summary>
public sealed record PublishedJob(long Start, long End, long Rows, int RowGroupCount, ReadOnlyMemory<byte> RowGroups);

/// <summary>
/// A published output file, open, and its memo. With <see cref="ReleaseRead"/>, the pages of bytes read from it are
/// handed back to the kernel (<see cref="IO.OldPagesRelease"/>): the file is replaced at the end of the build, and the
/// new bytes then reuse them.
/// </summary>
internal sealed record PublishedOutput(SafeFileHandle File, OutputFileMemo Memo, bool ReleaseRead = false)
{
    /// <summary>Called once [<paramref name="offset"/>, + <paramref name="length"/>) has been read: hands its pages back, with <see cref="ReleaseRead"/>.</summary>
    public void DoneReading(long offset, long length)
    {
        if (ReleaseRead)
        {
            IO.OldPagesRelease.Release(File, offset, length);
        }
    }
}
