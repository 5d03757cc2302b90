using System.Text;
using DatasetBuild.Core.Diagnostics;
using Sylvan.Data.Csv;

namespace DatasetBuild.Core.Sources;

/// <summary>
/// CSV with a header row (RFC 4180: quoted fields may hold commas, quotes and newlines), read with
/// Sylvan.Data.Csv. The row is the 1-based data row; an empty field is a missing value; CRLF inside a
/// quoted field is read as LF.
/// </summary>
public sealed class CsvSourceReader(char delimiter = ',') : ISourceReader
{
    private static readonly char[] LikelyDelimiters = [',', ';', '\t', '|'];

    public IEnumerable<RawRow> Read(string fullPath, string displayPath, IReadOnlyList<SourceColumn> columns)
    {
        using var text = StrictUtf8.OpenText(fullPath);
        CsvDataReader csv;
        try
        {
            csv = CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = true, Delimiter = delimiter });
        }
        catch (Exception ex) when (ex is DecoderFallbackException or CsvFormatException)
        {
            throw DatasetBuildException.At(DiagnosticCodes.SourceMalformedRecord, new SourceLocation(displayPath, 1, 0), $"cannot read the CSV header: {ex.Message}");
        }

        using (csv)
        {
            var ordinals = new int[columns.Count];
            var header = Enumerable.Range(0, csv.FieldCount).Select(csv.GetName).ToList();
            for (var i = 0; i < columns.Count; i++)
            {
                ordinals[i] = header.IndexOf(columns[i].Name);
                if (ordinals[i] < 0 && columns[i].Required && csv.FieldCount > 0)
                {
                    throw DatasetBuildException.At(
                        DiagnosticCodes.SourceMissingColumn,
                        new SourceLocation(displayPath, 1, 1),
                        MissingColumn(columns[i].Name, header));
                }
            }

            long row = 0;
            while (true)
            {
                RowProblem? problem = null;
                bool more;
                try
                {
                    more = csv.Read();
                }
                catch (Exception ex) when (ex is DecoderFallbackException or CsvFormatException)
                {
                    problem = new RowProblem(row + 2, 0, ex is DecoderFallbackException ? "the row is not valid UTF-8" : $"malformed CSV: {ex.Message}");
                    more = false;
                }

                if (problem is not null)
                {
                    yield return new RawRow(row + 1, null, problem);
                    yield break;
                }

                if (!more)
                {
                    yield break;
                }

                row++;
                if (csv.RowFieldCount != header.Count)
                {
                    yield return new RawRow(row, null, new RowProblem(row + 1, 0, $"data row {row} has {csv.RowFieldCount} fields; the header has {header.Count}"));
                    continue;
                }

                var values = new object?[columns.Count];
                for (var i = 0; i < columns.Count; i++)
                {
                    if (ordinals[i] >= 0)
                    {
                        var value = csv.GetString(ordinals[i]);
                        // A quoted multi-line field reads the same from a CRLF and an LF checkout.
                        values[i] = value.Length == 0 ? null : value.Contains('\r') ? value.Replace("\r\n", "\n") : value;
                    }
                }

                yield return new RawRow(row, values, null);
            }
        }
    }

    /// <summary>
    /// Why a required column is missing. A header read as one column that holds another likely delimiter was
    /// split with the wrong one: say that, rather than list a "column" that contains the name being looked for.
    /// </summary>
    private string MissingColumn(string name, IReadOnlyList<string> header)
    {
        static string Shown(char c) => c == '\t' ? "\\t" : c.ToString();
        if (header.Count == 1 && LikelyDelimiters.FirstOrDefault(c => c != delimiter && header[0].Contains(c)) is var other and not '\0')
        {
            return $"the header has no column '{name}': it reads as one column '{header[0]}', split by '{Shown(delimiter)}'; the file seems to use '{Shown(other)}' (set 'delimiter' on the source)";
        }

        return $"the header has no column '{name}'; it has: {string.Join(", ", header)}";
    }
}
