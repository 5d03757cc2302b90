using DatasetBuild.Core.Output.Assembly;
using DatasetBuild.Core.Records;
using Parquet;
using Parquet.Schema;

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
    private readonly ParquetAssembler _assembler;
    private readonly Queue<Task<byte[]>> _encoding = new();
    private List<object?[]> _buffer = [];

    public ParquetTableWriter(string path, IReadOnlyList<TableColumn> columns)
    {
        _columns = columns;
        _stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _assembler = new ParquetAssembler(_stream);
    }

    public long Rows { get; private set; }

    public void Write(object?[] row)
    {
        _buffer.Add(row);
        Rows++;
        if (_buffer.Count >= RowGroupSize)
        {
            Encode(_buffer);
            _buffer = new List<object?[]>(RowGroupSize);
        }
    }

    public void Dispose()
    {
        if (_buffer.Count > 0 || Rows == 0)
        {
            Encode(_buffer);
        }

        while (_encoding.Count > 0)
        {
            _assembler.Append(_encoding.Dequeue().GetAwaiter().GetResult());
        }

        _assembler.Finish();
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
    }

    /// <summary>Starts encoding a row group; appends the finished ones in order, so at most a few are in memory.</summary>
    private void Encode(List<object?[]> rows)
    {
        _encoding.Enqueue(Task.Run(() => EncodePart(rows)));
        while (_encoding.Count > Environment.ProcessorCount)
        {
            _assembler.Append(_encoding.Dequeue().GetAwaiter().GetResult());
        }
    }

    private byte[] EncodePart(List<object?[]> rows)
    {
        // Each part gets its own schema objects: parts are encoded concurrently.
        var fields = _columns.Select(FieldFor).ToArray();
        using var part = new MemoryStream();
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), part).GetAwaiter().GetResult();
        using (var group = writer.CreateRowGroup())
        {
            WriteRowGroup(group, fields, rows);
        }

        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return part.ToArray();
    }

    private void WriteRowGroup(ParquetRowGroupWriter group, DataField[] fields, List<object?[]> rows)
    {
        for (var c = 0; c < _columns.Count; c++)
        {
            var field = fields[c];
            var column = c;
            switch (_columns[c].Type)
            {
                case FieldType.String:
                    group.WriteAsync(field, rows.Select(r => r[column] as string).ToArray()!).GetAwaiter().GetResult();
                    break;
                case FieldType.Int:
                    Write(group, field, rows.Select(r => r[column] as long?).ToArray());
                    break;
                case FieldType.Float:
                    Write(group, field, rows.Select(r => r[column] as double?).ToArray());
                    break;
                case FieldType.Bool:
                    Write(group, field, rows.Select(r => r[column] as bool?).ToArray());
                    break;
                case FieldType.DateTime:
                    Write(group, field, rows.Select(r => r[column] as DateTime?).ToArray());
                    break;
            }
        }
    }

    private static void Write<T>(ParquetRowGroupWriter group, DataField field, T?[] values)
        where T : struct =>
        group.WriteAsync(field, new ReadOnlyMemory<T?>(values)).GetAwaiter().GetResult();

    private static DataField FieldFor(TableColumn column) => column.Type switch
    {
        FieldType.String => new DataField<string>(column.Name, true),
        FieldType.Int => new DataField<long?>(column.Name),
        FieldType.Float => new DataField<double?>(column.Name),
        FieldType.Bool => new DataField<bool?>(column.Name),
        FieldType.DateTime => new DateTimeDataField(column.Name, DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true),
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };
}
