using System.Text;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary>
/// <c>pii</c>: with <c>redact</c> every span is replaced by a typed placeholder (<c>[EMAIL]</c>, <c>[PHONE]</c>…);
/// <c>drop</c> drops the record; <c>flag</c> keeps it unchanged. Lineage's <c>pii</c> column records what was
/// found, as kind:count pairs. A record without PII is left byte-identical.
/// </summary>
public sealed class PiiFilter(PiiFilterSpec spec, RecordSchema schema) : RecordOperator(spec.DisplayName, "filter")
{
    private readonly int[] _fields = spec.Fields.Select(schema.IndexOf).Where(i => i >= 0).ToArray();
    private readonly HashSet<string> _kinds = [.. spec.Kinds];

    protected override OperatorResult Decide(Record record, OperatorContext context)
    {
        var found = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var field in _fields)
        {
            if (record[field] is not string text)
            {
                continue;
            }

            var spans = PiiDetector.Find(text, _kinds);
            if (spans.Count == 0)
            {
                continue;
            }

            foreach (var span in spans)
            {
                found[span.Kind] = found.GetValueOrDefault(span.Kind) + 1;
            }

            if (spec.Action == "redact")
            {
                record[field] = Redact(text, spans);
            }
        }

        if (found.Count == 0)
        {
            return OperatorResult.Kept;
        }

        var summary = string.Join(",", found.Select(f => $"{f.Key}:{f.Value}"));
        LastNote = spec.Action == "flag" ? "found " + summary : spec.Action == "redact" ? "redacted " + summary : null;
        return spec.Action == "drop"
            ? OperatorResult.Drop($"contains personal data ({string.Join(", ", found.Keys)})", summary)
            : OperatorResult.Kept;
    }

    private static string Redact(string text, List<PiiDetector.Span> spans)
    {
        var builder = new StringBuilder(text.Length);
        var at = 0;
        foreach (var span in spans)
        {
            builder.Append(text, at, span.Start - at).Append('[').Append(span.Kind.ToUpperInvariant()).Append(']');
            at = span.Start + span.Length;
        }

        return builder.Append(text, at, text.Length - at).ToString();
    }
}
