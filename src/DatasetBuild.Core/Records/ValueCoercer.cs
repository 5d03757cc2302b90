using System.Globalization;
using DatasetBuild.Core.Sources;

namespace DatasetBuild.Core.Records;

/// <summary>
/// Turns a raw value from a reader into the schema's type, culture-independently. Numbers and booleans
/// may arrive as strings (CSV); datetimes are ISO 8601 and stored in UTC (no offset means UTC).
/// </summary>
public static class ValueCoercer
{
    public static bool TryCoerce(object? raw, FieldType type, out object? value, out string? problem)
    {
        value = null;
        problem = null;
        if (raw is null)
        {
            return true;
        }

        switch (type)
        {
            case FieldType.String:
                value = raw switch
                {
                    string s => s,
                    JsonText j => j.Json,
                    bool b => b ? "true" : "false",
                    DateTime t => t.ToString("O", CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    _ => raw.ToString(),
                };
                return true;
            case FieldType.Int:
                switch (raw)
                {
                    case long l:
                        value = l;
                        return true;
                    case double d when d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue:
                        value = (long)d;
                        return true;
                    case string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed):
                        value = parsed;
                        return true;
                }

                break;
            case FieldType.Float:
                switch (raw)
                {
                    case long l:
                        value = (double)l;
                        return true;
                    case double d:
                        value = d;
                        return true;
                    case string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed):
                        value = parsed;
                        return true;
                }

                break;
            case FieldType.Bool:
                switch (raw)
                {
                    case bool b:
                        value = b;
                        return true;
                    case long l when l is 0 or 1:
                        value = l == 1;
                        return true;
                    case string s:
                        var word = s.Trim().ToLowerInvariant();
                        if (word is "true" or "false" or "1" or "0" or "yes" or "no")
                        {
                            value = word is "true" or "1" or "yes";
                            return true;
                        }

                        break;
                }

                break;
            case FieldType.DateTime:
                switch (raw)
                {
                    case DateTime t:
                        value = DateTime.SpecifyKind(t, DateTimeKind.Utc);
                        return true;
                    case string s when DateTime.TryParse(
                        s.Trim(),
                        CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal,
                        out var parsed):
                        value = DateTime.SpecifyKind(parsed, DateTimeKind.Utc);
                        return true;
                }

                break;
        }

        problem = $"'{Describe(raw)}' is not a valid {type.Name()}";
        return false;
    }

    private static string Describe(object raw)
    {
        var text = raw switch
        {
            JsonText j => j.Json,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => raw.ToString() ?? "",
        };
        return text.Length > 40 ? text[..40] + "…" : text;
    }
}
