using System.Text.Json;
using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Sources;

/// <summary>
/// JSON Lines: one JSON object per line; blank lines are skipped; the row is the line number. A mapped
/// name may be a dotted path into nested objects (<c>map: { text: meta.body }</c>).
/// A line is read with one forward pass of <see cref="Utf8JsonReader"/> that materialises only the projected
/// values; a line it cannot take that way (a defect, a root that is not an object, dotted names) goes through
/// <see cref="JsonDocument"/>, which gives every located diagnostic.
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

        // The projected names in UTF-8, for the forward reader; none when a name may be a dotted path.
        var utf8Names = index.Keys.Any(name => name.Contains('.'))
            ? null
            : index.Select(pair => (Name: System.Text.Encoding.UTF8.GetBytes(pair.Key), Index: pair.Value)).ToArray();

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

            yield return (utf8Names is null ? null : TryReadForward(line.Span, reader.LineNumber, utf8Names, columns.Count))
                ?? Parse(line, reader.LineNumber, index, columns.Count);
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

    /// <summary>The row from one forward pass over a well-formed object line, or null to let <see cref="Parse"/> decide.</summary>
    private static RawRow? TryReadForward(ReadOnlySpan<byte> text, long line, (byte[] Name, int Index)[] names, int count)
    {
        try
        {
            var reader = new Utf8JsonReader(text, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var values = new object?[count];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var column = -1;
                foreach (var (name, index) in names)
                {
                    if (reader.ValueTextEquals(name))
                    {
                        column = index;
                        break;
                    }
                }

                reader.Read();
                if (column < 0)
                {
                    reader.Skip();
                    continue;
                }

                values[column] = reader.TokenType switch
                {
                    JsonTokenType.String => JsonStringReader.Read(ref reader),
                    JsonTokenType.Number => reader.TryGetInt64(out var l) ? (object)l : reader.GetDouble(),
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    JsonTokenType.Null => null,
                    _ => RawText(ref reader, text),
                };
            }

            // The root object has ended: anything after it but white space is a defect, found by Read.
            return reader.TokenType == JsonTokenType.EndObject && !reader.Read() ? new RawRow(line, values, null) : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>A nested object or array as its JSON text (what <see cref="JsonElement.GetRawText"/> gives).</summary>
    private static JsonText RawText(ref Utf8JsonReader reader, ReadOnlySpan<byte> text)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return new JsonText(System.Text.Encoding.UTF8.GetString(text[start..(int)reader.BytesConsumed]));
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
            return new RawRow(line, null, new RowProblem(line, column, $"malformed JSON: {JsonErrorText.Of(ex)}"));
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
}
