using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary><c>quality</c>: heuristic text-quality rules (preset gopher); the reason names the rule that fired.</summary>
public sealed class QualityFilter(QualityFilterSpec spec, RecordSchema schema) : RecordOperator(spec.DisplayName, "filter")
{
    private readonly int _field = schema.IndexOf(spec.Field);

    protected override OperatorResult Decide(Record record, OperatorContext context)
    {
        if (record[_field] is not string text)
        {
            return OperatorResult.Drop($"quality: '{spec.Field}' is missing");
        }

        return GopherRules.Check(text, spec.Thresholds) is { } failed
            ? OperatorResult.Drop($"quality {spec.Preset}: {failed.Rule}", failed.Detail)
            : OperatorResult.Kept;
    }
}
