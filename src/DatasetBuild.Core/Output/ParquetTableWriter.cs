using DatasetBuild.Core.IO;
using DatasetBuild.Core.Output.Assembly;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Output;

/// <summary>
/// Streams rows into a Parquet file, one row group per <see cref="RowGroupSize"/> rows, so memory stays
/// bounded whatever the dataset size. Row groups are encoded (and compressed) on every core, each as a Parquet
/// part of its own, and joined in order by <see cref="ParquetAssembler"/>. Same rows in the same order give the
/// same bytes.
/// </summary>
public sealed class ParquetTableWriter : IDisposable
{
    public const int RowGroupSize = 10_000;

    private readonly IReadOnlyList<TableColumn> _columns;
    private readonly FileStream _stream;
    private readonly Sha256WriteStream _hashing;
    private readonly ParquetAssembler _assembler;
    private bool _disposed;
    private readonly Queue<Task<byte[]>> _encoding = new();
    private readonly Stack<RowGroupBuffer> _free = new();
    private RowGroupBuffer _buffer;

    public ParquetTableWriter(string path, IReadOnlyList<TableColumn> columns)
    {
        _columns = columns;
        _buffer = new RowGroupBuffer(columns);
        _stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _hashing = new Sha256WriteStream(_stream);
        _assembler = new ParquetAssembler(_hashing);
    }

    public long Rows { get; private set; }

    /// <summary>The SHA-256 of the file as written (lower-case hex), once disposed.</summary>
    public string? Sha256 { get; private set; }

    public void Write(object?[] row)
    {
        _buffer.Add(row);
        Rows++;
        if (_buffer.Count >= RowGroupSize)
        {
            Encode(_buffer);
            lock (_free)
            {
                _buffer = _free.Count > 0 ? _free.Pop() : new RowGroupBuffer(_columns);
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_buffer.Count > 0 || Rows == 0)
        {
            Encode(_buffer);
        }

        while (_encoding.Count > 0)
        {
            _assembler.Append(_encoding.Dequeue().GetAwaiter().GetResult());
        }

        _assembler.Finish();
        Sha256 = _hashing.Finish();
        _hashing.Dispose();
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
    }

    /// <summary>Starts encoding a row group; appends the finished ones in order, so at most a few are in memory.</summary>
    private void Encode(RowGroupBuffer rows)
    {
        _encoding.Enqueue(Task.Run(() => EncodePart(rows)));
        while (_encoding.Count > Environment.ProcessorCount)
        {
            _assembler.Append(_encoding.Dequeue().GetAwaiter().GetResult());
        }
    }

    private byte[] EncodePart(RowGroupBuffer rows)
    {
        var part = ParquetPart.Encode(_columns, rows);
        rows.Clear();
        lock (_free)
        {
            _free.Push(rows);
        }

        return part;
    }
}
