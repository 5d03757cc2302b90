using System.Text;

namespace DatasetBuild.Core.Sources;

/// <summary>Plain text: one record per non-blank line, in a field named <c>text</c> (rename it with <c>map</c>).</summary>
public sealed class TextSourceReader : ISourceReader
{
    public const string TextField = "text";

    public IEnumerable<RawRow> Read(string fullPath, string displayPath, IReadOnlyList<SourceColumn> columns)
    {
        var textIndex = columns.Select((c, i) => (c, i)).Where(x => x.c.Name == TextField).Select(x => x.i).DefaultIfEmpty(-1).First();
        using var reader = StrictUtf8.OpenText(fullPath);
        long line = 0;
        while (true)
        {
            string? text;
            var invalid = false;
            line++;
            try
            {
                text = reader.ReadLine();
            }
            catch (DecoderFallbackException)
            {
                text = null;
                invalid = true;
            }

            if (invalid)
            {
                // The decoder cannot resume mid-stream: report the line and stop reading this file.
                yield return new RawRow(line, null, new RowProblem(line, 0, "the line is not valid UTF-8"));
                yield break;
            }

            if (text is null)
            {
                yield break;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var values = new object?[columns.Count];
            if (textIndex >= 0)
            {
                values[textIndex] = text;
            }

            yield return new RawRow(line, values, null);
        }
    }
}
