using DatasetBuild.Core.Records;
using Parquet;
using Parquet.Schema;

namespace DatasetBuild.Core.Output;

/// <summary>
/// Streams rows into a Parquet file, one row group per <see cref="RowGroupSize"/> rows, so memory stays
/// bounded whatever the dataset size. Same rows in the same order give the same bytes.
/// </summary>
public sealed class ParquetTableWriter : IDisposable
{
    public const int RowGroupSize = 50_000;

    private readonly IReadOnlyList<TableColumn> _columns;
    private readonly DataField[] _fields;
    private readonly FileStream _stream;
    private readonly ParquetWriter _writer;
    private List<object?[]> _buffer = [];
    private Task _pendingFlush = Task.CompletedTask;

    public ParquetTableWriter(string path, IReadOnlyList<TableColumn> columns)
    {
        _columns = columns;
        _fields = columns.Select(FieldFor).ToArray();
        _stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16);
        _writer = ParquetWriter.CreateAsync(new ParquetSchema(_fields), _stream).GetAwaiter().GetResult();
    }

    public long Rows { get; private set; }

    public void Write(object?[] row)
    {
        _buffer.Add(row);
        Rows++;
        if (_buffer.Count >= RowGroupSize)
        {
            // Encode this row group on another core while the caller produces the next one.
            var full = _buffer;
            _buffer = new List<object?[]>(RowGroupSize);
            _pendingFlush.GetAwaiter().GetResult();
            _pendingFlush = Task.Run(() => WriteRowGroup(full));
        }
    }

    public void Dispose()
    {
        _pendingFlush.GetAwaiter().GetResult();
        if (_buffer.Count > 0 || Rows == 0)
        {
            WriteRowGroup(_buffer);
        }

        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
    }

    private void WriteRowGroup(List<object?[]> rows)
    {
        using var group = _writer.CreateRowGroup();
        for (var c = 0; c < _columns.Count; c++)
        {
            var field = _fields[c];
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
