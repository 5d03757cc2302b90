using System.Buffers;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Output.Assembly;

namespace DatasetBuild.Core.Output;

/// <summary>
/// Writes one output file from its parts in order, hashing it as it goes: Parquet parts are joined by
/// <see cref="ParquetAssembler"/> (pages copied, one footer), line formats are concatenated. A Parquet file with
/// no part gets an empty one, so it still carries the schema.
/// </summary>
public sealed class OutputFileAssembler : IDisposable
{
    private readonly IReadOnlyList<TableColumn> _columns;
    private readonly string _compression;
    private readonly FileStream _file;
    private readonly Sha256WriteStream _hashing;
    private readonly ParquetAssembler? _parquet;
    private readonly List<OutputCheckpoint> _checkpoints = [];
    private bool _anyPart;
    private string? _sha256;

    /// <summary>Creates the file at <paramref name="path"/>; <paramref name="compression"/> is the codec of the empty part a Parquet file with no part gets.</summary>
    public OutputFileAssembler(string path, bool parquet, IReadOnlyList<TableColumn> columns, string compression = Spec.Model.OutputSpec.DefaultCompression)
    {
        _columns = columns;
        _compression = compression;
        // A new file is created as new. FileMode.Create opens the file and then truncates it to zero (ftruncate), which
        // makes ext4 treat it as "replaced by truncation" (auto_da_alloc) and start writing all its data out when it is
        // closed: a quarter of a second for 660 MB, on the build's path. The emit stage always writes to a fresh
        // temporary name; other callers (tests, tools) may overwrite a file, which keeps the old behaviour.
        _file = new FileStream(path, File.Exists(path) ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _hashing = new Sha256WriteStream(_file);
        _parquet = parquet ? new ParquetAssembler(_hashing) : null;
    }

    /// <summary>Whether parts are Parquet files (parse them with <see cref="ParquetAssembler.Parse"/>), not lines.</summary>
    public bool IsParquet => _parquet is not null;

    /// <summary>Appends a Parquet part parsed ahead (<see cref="ParquetAssembler.Parse"/>), or lines when <paramref name="parsed"/> is null.</summary>
    internal void Append(ReadOnlySpan<byte> part, ParsedPart? parsed)
    {
        if (parsed is null || _parquet is null)
        {
            Append(part);
            return;
        }

        _anyPart = true;
        _parquet.Append(parsed, part);
    }

    public void Append(ReadOnlySpan<byte> part)
    {
        if (part.IsEmpty)
        {
            return;
        }

        _anyPart = true;
        if (_parquet is not null)
        {
            _parquet.Append(part);
        }
        else
        {
            _hashing.Write(part);
        }
    }

    /// <summary>
    /// Appends job <paramref name="job"/> of <paramref name="published"/> (an earlier file of the same parts): its bytes,
    /// read from that file, and for Parquet its row groups, moved to where the bytes now are.
    /// </summary>
    internal void AppendPublished(PublishedOutput published, int job)
    {
        var where = published.Memo.Job(job, _parquet is not null);
        if (where.End <= where.Start)
        {
            return;
        }

        _anyPart = true;
        _parquet?.AppendMoved(where.Start, where.End - where.Start, where.RowGroups.Span, where.RowGroupCount, where.Rows, published.Memo.FirstFooter
            ?? throw new InvalidDataException("the memo of a Parquet output has no footer"));
        for (var at = where.Start; at < where.End;)
        {
            // Read into a pooled buffer that the hashing thread then takes as it is: the bytes are copied once, by the read.
            var chunk = ArrayPool<byte>.Shared.Rent(1 << 20); // one size: the buffers the hashing thread returns serve every job
            var read = RandomAccess.Read(published.File, chunk.AsSpan(0, (int)Math.Min(chunk.Length, where.End - at)), at);
            if (read <= 0)
            {
                ArrayPool<byte>.Shared.Return(chunk);
                throw new IOException($"a published output ended at {at}, inside a job its memo puts at [{where.Start}, {where.End})");
            }

            _hashing.WriteOwned(chunk, read);
            at += read;
        }

        published.DoneReading(where.Start, where.End - where.Start);
    }

    /// <summary>Marks the end of a job's parts: where the file stands is remembered for <see cref="Memo"/>.</summary>
    public void EndJob()
    {
        _checkpoints.Add(new OutputCheckpoint(_hashing.BytesWritten, _parquet?.Rows ?? 0, _parquet?.RowGroupCount ?? 0, _parquet?.RowGroupBytes.Length ?? 0));
    }

    /// <summary>Completes the file; returns its SHA-256 (lower-case hex).</summary>
    public string Finish()
    {
        if (_parquet is not null)
        {
            if (!_anyPart)
            {
                _parquet.Append(ParquetPart.Empty(_columns, _compression).Span);
            }

            _parquet.Finish();
        }

        // Not flushed to disk: like a compiler's outputs, data files are derived (rebuilt from the cache and the
        // sources) and checksummed by the manifest; the rename that publishes them is atomic for readers and for a
        // killed build. Flushing ~1 GB would cost seconds on every build that changed one file.
        _sha256 = _hashing.Finish();
        _file.Flush();
        return _sha256;
    }

    /// <summary>What a later build needs to take this file's jobs (<see cref="EndJob"/> marks them) from it, after <see cref="Finish"/>.</summary>
    public OutputFileMemo Memo() =>
        new(_sha256 ?? throw new InvalidOperationException("the file is not finished"), _hashing.BytesWritten, _parquet?.FirstFooter, _parquet?.RowGroupBytes.ToArray() ?? [], [.. _checkpoints]);

    public void Dispose()
    {
        _hashing.Dispose();
        _file.Dispose();
    }
}
