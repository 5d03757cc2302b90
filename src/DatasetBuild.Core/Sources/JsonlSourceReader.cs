using System.Text.Json;

namespace DatasetBuild.Core.Sources;

/// <summary>
/// JSON Lines: one JSON object per line; blank lines are skipped; the row is the line number. A mapped
/// name may be a dotted path into nested objects (<c>map: { text: meta.body }</c>).
/// </summary>
public sealed class JsonlSourceReader : ISourceReader
{
    public IEnumerable<RawRow> Read(string fullPath, string displayPath, IReadOnlyList<SourceColumn> columns)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            index.TryAdd(columns[i].Name, i);
        }

        using var reader = new Utf8LineReader(fullPath);
        while (reader.TryReadLine(out var line, out var valid))
        {
            if (!valid)
            {
                yield return new RawRow(reader.LineNumber, null, new RowProblem(reader.LineNumber, 0, "the line is not valid UTF-8"));
                continue;
            }

            if (IsBlank(line.Span))
            {
                continue;
            }

            yield return Parse(line, reader.LineNumber, index, columns.Count);
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }

    private static RawRow Parse(ReadOnlyMemory<byte> text, long line, Dictionary<string, int> index, int count)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            return new RawRow(line, null, new RowProblem(line, column, $"malformed JSON: {FirstSentence(ex.Message)}"));
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return new RawRow(line, null, new RowProblem(line, 1, $"each line must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}"));
            }

            var values = new object?[count];
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (index.TryGetValue(property.Name, out var i))
                {
                    values[i] = ToRaw(property.Value);
                }
            }

            // A mapped name with dots that is not a key itself is a path into nested objects: "meta.author.name".
            foreach (var (name, i) in index)
            {
                if (values[i] is null && name.Contains('.') && Navigate(document.RootElement, name) is { } nested)
                {
                    values[i] = ToRaw(nested);
                }
            }

            return new RawRow(line, values, null);
        }
    }

    private static JsonElement? Navigate(JsonElement element, string path)
    {
        foreach (var segment in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(segment, out element))
            {
                return null;
            }
        }

        return element;
    }

    internal static object? ToRaw(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var l) ? (object)l : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => new JsonText(value.GetRawText()),
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
