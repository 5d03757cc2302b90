using DatasetBuild.Core.Records;
using Parquet;
using Parquet.Schema;

namespace DatasetBuild.Core.Output;

/// <summary>
/// Encodes buffered rows as one Parquet part: a complete Parquet file holding one row group, which
/// <see cref="Assembly.ParquetAssembler"/> joins with other parts into one file. Parts of the same rows are the
/// same bytes. Thread-safe: every call builds its own schema objects.
/// </summary>
internal static class ParquetPart
{
    /// <summary>Encodes into <paramref name="part"/>, emptied first (a reused buffer: no large array per part).</summary>
    public static ReadOnlyMemory<byte> EncodeInto(IReadOnlyList<TableColumn> columns, RowGroupBuffer rows, MemoryStream part)
    {
        part.SetLength(0);
        var fields = columns.Select(FieldFor).ToArray();
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), part).GetAwaiter().GetResult();
        using (var group = writer.CreateRowGroup())
        {
            rows.WriteTo(group, fields);
        }

        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return part.GetBuffer().AsMemory(0, (int)part.Length);
    }

    /// <summary>A part with no rows, for a table that has none (a Parquet file still needs its schema).</summary>
    public static ReadOnlyMemory<byte> Empty(IReadOnlyList<TableColumn> columns) => EncodeInto(columns, new RowGroupBuffer(columns), new MemoryStream());

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
