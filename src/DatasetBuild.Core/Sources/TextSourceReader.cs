
namespace DatasetBuild.Core.Sources;

/// <summary>Plain text: one record per non-blank line, in a field named <c>text</c> (rename it with <c>map</c>).</summary>
public sealed class TextSourceReader : ISourceReader
{
    public const string TextField = "text";

    public IEnumerable<RawRow> Read(string fullPath, string displayPath, IReadOnlyList<SourceColumn> columns)
    {
        var textIndex = columns.Select((c, i) => (c, i)).Where(x => x.c.Name == TextField).Select(x => x.i).DefaultIfEmpty(-1).First();
        using var reader = new Utf8LineReader(fullPath);
        while (reader.TryReadLine(out var line, out var valid))
        {
            if (!valid)
            {
                yield return new RawRow(reader.LineNumber, null, new RowProblem(reader.LineNumber, 0, "the line is not valid UTF-8"));
                continue;
            }

            var text = System.Text.Encoding.UTF8.GetString(line.Span);
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var values = new object?[columns.Count];
            if (textIndex >= 0)
            {
                values[textIndex] = text;
            }

            yield return new RawRow(reader.LineNumber, values, null);
        }
    }
}
