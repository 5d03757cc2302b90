using System.Text;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Output.FineTuning;

/// <summary>
/// A template such as <c>"Classify: {text}"</c>: literal text with <c>{field}</c> placeholders
/// (<c>{{</c> and <c>}}</c> for literal braces). Rendering a record whose placeholder field is missing
/// or blank gives null, so the example is dropped with a reason instead of being trained on an empty string.
/// </summary>
public sealed class MessageTemplate
{
    private readonly List<(string? Literal, string? Field)> _parts;

    private MessageTemplate(List<(string?, string?)> parts) => _parts = parts;

    public IEnumerable<string> Fields => _parts.Where(p => p.Field is not null).Select(p => p.Field!);

    /// <summary>Parses the template; returns null with the problem when braces do not balance.</summary>
    public static MessageTemplate? TryParse(string text, out string? problem)
    {
        problem = null;
        var parts = new List<(string?, string?)>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{' || c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                literal.Append(c);
                i++;
            }
            else if (c == '{')
            {
                var close = text.IndexOf('}', i + 1);
                if (close < 0)
                {
                    problem = $"'{{' at position {i + 1} is not closed; write '{{{{' for a literal brace";
                    return null;
                }

                if (literal.Length > 0)
                {
                    parts.Add((literal.ToString(), null));
                    literal.Clear();
                }

                parts.Add((null, text[(i + 1)..close].Trim()));
                i = close;
            }
            else if (c == '}')
            {
                problem = $"'}}' at position {i + 1} has no '{{'; write '}}}}' for a literal brace";
                return null;
            }
            else
            {
                literal.Append(c);
            }
        }

        if (literal.Length > 0)
        {
            parts.Add((literal.ToString(), null));
        }

        return new MessageTemplate(parts);
    }

    /// <summary>The rendered text, or null with the first missing field.</summary>
    public string? Render(Record record, RecordSchema schema, out string? missingField)
    {
        if (_parts.Count == 1)
        {
            // A template that is one field (or one literal) is that text: no copy of it.
            return TextOf(_parts[0], record, schema, out missingField);
        }

        var builder = new StringBuilder();
        foreach (var part in _parts)
        {
            if (TextOf(part, record, schema, out missingField) is not { } text)
            {
                return null;
            }

            builder.Append(text);
        }

        missingField = null;
        return builder.ToString();
    }

    /// <summary>A part's text: the literal, or the field's value as text; null (with the field) when the value is missing or blank.</summary>
    private static string? TextOf((string? Literal, string? Field) part, Record record, RecordSchema schema, out string? missingField)
    {
        missingField = null;
        if (part.Literal is not null)
        {
            return part.Literal;
        }

        var value = part.Field == RecordSchema.IdField ? record.Id : record[schema.IndexOf(part.Field!)];
        if (value is null || value is string s && string.IsNullOrWhiteSpace(s))
        {
            missingField = part.Field;
            return null;
        }

        return value switch
        {
            string text => text,
            DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", System.Globalization.CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }
}
