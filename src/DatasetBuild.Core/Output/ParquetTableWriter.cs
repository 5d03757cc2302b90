using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Output;

/// <summary>
/// Streams rows into a Parquet file, one row group per <see cref="RowGroupSize"/> rows, so memory stays bounded
/// whatever the table's size: each row group is encoded as a part (<see cref="ParquetPart"/>) and appended by an
/// <see cref="OutputFileAssembler"/>, as the emit stage assembles its outputs. Same rows in the same order give the
/// same bytes.
/// </summary>
public sealed class ParquetTableWriter : IDisposable
{
    public const int RowGroupSize = 10_000;

    private readonly IReadOnlyList<TableColumn> _columns;
    private readonly RowGroupBuffer _buffer;
    private readonly OutputFileAssembler _assembler;
    private readonly MemoryStream _part = new();
    private bool _disposed;

    public ParquetTableWriter(string path, IReadOnlyList<TableColumn> columns)
    {
        _columns = columns;
        _buffer = new RowGroupBuffer(columns);
        _assembler = new OutputFileAssembler(path, parquet: true, columns);
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
            AppendRowGroup();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_buffer.Count > 0)
        {
            AppendRowGroup();
        }

        Sha256 = _assembler.Finish(); // a table without rows gets an empty part, which carries the schema
        _assembler.Dispose();
    }

    private void AppendRowGroup()
    {
        _assembler.Append(ParquetPart.EncodeInto(_columns, _buffer, _part).Span);
        _buffer.Clear();
    }
}
