using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary>
/// <c>relevance</c>: counts whole-word occurrences of the keywords (phrases allowed) in the normalised text
/// (NFKC, lower case, punctuation folded) and keeps records with at least <c>min_hits</c>.
/// </summary>
public sealed class RelevanceFilter(RelevanceFilterSpec spec, RecordSchema schema) : RecordOperator(spec.DisplayName, "filter")
{
    private readonly int _field = schema.IndexOf(spec.Field);
    private readonly string[] _keywords = spec.Keywords.Select(k => " " + TextNormalizer.Normalize(k) + " ").Where(k => k.Trim().Length > 0).ToArray();

    protected override OperatorResult Decide(Record record, OperatorContext context)
    {
        var text = record[_field] is string s ? " " + TextNormalizer.Normalize(s) + " " : " ";
        var hits = 0;
        foreach (var keyword in _keywords)
        {
            for (var at = text.IndexOf(keyword, StringComparison.Ordinal); at >= 0; at = text.IndexOf(keyword, at + keyword.Length - 1, StringComparison.Ordinal))
            {
                hits++;
            }
        }

        return hits >= spec.MinHits
            ? OperatorResult.Kept
            : OperatorResult.Drop($"fewer than {spec.MinHits} keyword hits in '{spec.Field}'", $"{hits} hits");
    }
}
