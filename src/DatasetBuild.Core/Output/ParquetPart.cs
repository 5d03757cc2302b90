using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;
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
    /// <summary>
    /// Encodes into <paramref name="part"/>, emptied first (a reused buffer: no large array per part), its pages
    /// compressed with <paramref name="compression"/> (<see cref="OutputSpec.Compressions"/>).
    /// </summary>
    public static ReadOnlyMemory<byte> EncodeInto(IReadOnlyList<TableColumn> columns, RowGroupBuffer rows, MemoryStream part, string compression = OutputSpec.DefaultCompression)
    {
        part.SetLength(0);
        var fields = columns.Select(FieldFor).ToArray();
        var writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), part, OptionsFor(compression)).GetAwaiter().GetResult();
        using (var group = writer.CreateRowGroup())
        {
            rows.WriteTo(group, fields);
        }

        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return part.GetBuffer().AsMemory(0, (int)part.Length);
    }

    /// <summary>A part with no rows, for a table that has none (a Parquet file still needs its schema).</summary>
    public static ReadOnlyMemory<byte> Empty(IReadOnlyList<TableColumn> columns, string compression = OutputSpec.DefaultCompression) =>
        EncodeInto(columns, new RowGroupBuffer(columns), new MemoryStream(), compression);

    // zstd at level 1: higher levels cost several times the encoding for a few percent; gzip (for old readers) at its usual level.
    private static ParquetOptions OptionsFor(string compression) => compression switch
    {
        "zstd" => new ParquetOptions { CompressionMethod = CompressionMethod.Zstd, CompressionLevel = System.IO.Compression.CompressionLevel.Fastest },
        "snappy" => new ParquetOptions { CompressionMethod = CompressionMethod.Snappy },
        "gzip" => new ParquetOptions { CompressionMethod = CompressionMethod.Gzip, CompressionLevel = System.IO.Compression.CompressionLevel.Optimal },
        "none" => new ParquetOptions { CompressionMethod = CompressionMethod.None },
        _ => throw new ArgumentOutOfRangeException(nameof(compression), compression, "not a Parquet compression"),
    };

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
