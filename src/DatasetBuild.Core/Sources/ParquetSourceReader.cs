using DatasetBuild.Core.Diagnostics;
using Parquet;
using Parquet.Schema;

namespace DatasetBuild.Core.Sources;

/// <summary>Parquet files, read one row group at a time with Parquet.Net; the row is the 0-based row + 1.</summary>
public sealed class ParquetSourceReader : ISourceReader
{
    public IEnumerable<RawRow> Read(string fullPath, string displayPath, IReadOnlyList<SourceColumn> columns)
    {
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        ParquetReader reader;
        try
        {
            reader = ParquetReader.CreateAsync(stream, leaveStreamOpen: true).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException or ArgumentException)
        {
            throw DatasetBuildException.At(DiagnosticCodes.SourceUnreadable, SourceLocation.InFile(displayPath), $"not a readable Parquet file: {ex.Message}");
        }

        try
        {
            var dataFields = reader.Schema.GetDataFields();
            var fields = new DataField?[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                fields[i] = dataFields.FirstOrDefault(f => f.Name == columns[i].Name && f.Path.ToList().Count == 1);
                if (fields[i] is null && columns[i].Required)
                {
                    throw DatasetBuildException.At(
                        DiagnosticCodes.SourceMissingColumn,
                        SourceLocation.InFile(displayPath),
                        $"the Parquet schema has no top-level column '{columns[i].Name}'; it has: {string.Join(", ", dataFields.Select(f => f.Name))}");
                }
            }

            long rowBase = 0;
            for (var group = 0; group < reader.RowGroupCount; group++)
            {
                using var rowGroup = reader.OpenRowGroupReader(group);
                var rowCount = rowGroup.RowCount;
                var data = new object?[columns.Count][];
                for (var i = 0; i < columns.Count; i++)
                {
                    data[i] = fields[i] is { } field ? ParquetColumnReader.Read(rowGroup, field, rowCount) : new object?[rowCount];
                }

                for (var r = 0; r < rowCount; r++)
                {
                    var values = new object?[columns.Count];
                    for (var i = 0; i < columns.Count; i++)
                    {
                        values[i] = data[i][r];
                    }

                    yield return new RawRow(rowBase + r + 1, values, null);
                }

                rowBase += rowCount;
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
