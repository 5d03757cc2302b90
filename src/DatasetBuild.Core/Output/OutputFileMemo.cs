using Microsoft.Win32.SafeHandles;

namespace DatasetBuild.Core.Output;

/// <summary>
/// Where an output file stood after one job's parts: its length, its SHA-256 state (<see cref="IO.ResumableSha256"/>),
/// and for Parquet the rows, row groups and bytes of row-group metadata so far.
/// </summary>
public sealed record OutputCheckpoint(long Length, long Rows, int RowGroups, int RowGroupBytes, byte[] Sha256State);

/// <summary>
/// What a later build needs to start an output file with this one's first jobs: the file's SHA-256 and length (to know
/// it is still this file), the first Parquet part's footer, every row group's metadata (offsets in the file), and a
/// checkpoint after each job.
/// </summary>
public sealed record OutputFileMemo(string Sha256, long Length, byte[]? FirstFooter, byte[] RowGroups, IReadOnlyList<OutputCheckpoint> Jobs);

/// <summary>An output file to start with the first <see cref="Jobs"/> jobs of <see cref="Old"/>, the file <see cref="Memo"/> describes.</summary>
internal sealed record OutputResume(SafeFileHandle Old, OutputFileMemo Memo, int Jobs)
{
    public OutputCheckpoint Checkpoint => Memo.Jobs[Jobs - 1];
}
