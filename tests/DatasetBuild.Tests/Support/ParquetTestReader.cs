using Parquet;
using Parquet.Schema;

namespace DatasetBuild.Tests.Support;

/// <summary>Reads a whole Parquet file into rows of column name → value, for assertions.</summary>
public static class ParquetTestReader
{
    public static List<Dictionary<string, object?>> ReadAll(string path)
    {
        var rows = new List<Dictionary<string, object?>>();
        using var stream = File.OpenRead(path);
        var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        try
        {
            var fields = reader.Schema.GetDataFields();
            for (var g = 0; g < reader.RowGroupCount; g++)
            {
                using var group = reader.OpenRowGroupReader(g);
                var columns = fields.Select(f => ReadColumn(group, f, group.RowCount)).ToArray();
                for (var r = 0; r < group.RowCount; r++)
                {
                    var row = new Dictionary<string, object?>();
                    for (var c = 0; c < fields.Length; c++)
                    {
                        row[fields[c].Name] = columns[c][r];
                    }

                    rows.Add(row);
                }
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        return rows;
    }

    /// <summary>The compression codec of every column chunk in the file, distinct, by name (ZSTD, SNAPPY, GZIP, UNCOMPRESSED).</summary>
    public static IReadOnlyList<string> Codecs(string path)
    {
        using var stream = File.OpenRead(path);
        var reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        try
        {
            return [.. reader.Metadata!.RowGroups.SelectMany(g => g.Columns).Select(c => c.MetaData!.Codec.ToString().ToUpperInvariant()).Distinct().Order(StringComparer.Ordinal)];
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static object?[] ReadColumn(ParquetRowGroupReader group, DataField field, long count)
    {
        if (field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>))
        {
            var values = new string?[count];
            group.ReadAsync(field, values.AsMemory()).GetAwaiter().GetResult();
            return values;
        }

        if (field.ClrType == typeof(long))
        {
            var values = new long?[count];
            group.ReadAsync(field, values.AsMemory()).GetAwaiter().GetResult();
            return values.Cast<object?>().ToArray();
        }

        if (field.ClrType == typeof(double))
        {
            var values = new double?[count];
            group.ReadAsync(field, values.AsMemory()).GetAwaiter().GetResult();
            return values.Cast<object?>().ToArray();
        }

        if (field.ClrType == typeof(bool))
        {
            var values = new bool?[count];
            group.ReadAsync(field, values.AsMemory()).GetAwaiter().GetResult();
            return values.Cast<object?>().ToArray();
        }

        if (field.ClrType == typeof(DateTime))
        {
            var values = new DateTime?[count];
            group.ReadAsync(field, values.AsMemory()).GetAwaiter().GetResult();
            return values.Cast<object?>().ToArray();
        }

        throw new NotSupportedException(field.ClrType.Name);
    }
}
