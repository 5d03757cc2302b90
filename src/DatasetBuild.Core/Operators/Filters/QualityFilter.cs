using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary>
/// <c>quality</c>: heuristic text-quality rules; the reason names the rule that fired. Preset gopher only
/// judges; preset c4 also removes the lines its line rules reject (lineage notes how many).
/// </summary>
public sealed class QualityFilter(QualityFilterSpec spec, RecordSchema schema) : RecordOperator(spec.DisplayName, "filter")
{
    private readonly int _field = schema.IndexOf(spec.Field);

    protected override OperatorResult Decide(Record record, OperatorContext context)
    {
        if (record[_field] is not string text)
        {
            return OperatorResult.Drop($"quality: '{spec.Field}' is missing");
        }

        if (spec.Preset == "c4")
        {
            var outcome = C4Rules.Apply(text, spec.Thresholds);
            if (outcome.Rule is not null)
            {
                return OperatorResult.Drop($"quality c4: {outcome.Rule}", outcome.Detail);
            }

            if (outcome.RemovedLines > 0)
            {
                record[_field] = outcome.Text;
                LastNote = $"c4 removed {outcome.RemovedLines} line{(outcome.RemovedLines == 1 ? "" : "s")}";
            }

            return OperatorResult.Kept;
        }

        return GopherRules.Check(text, spec.Thresholds) is { } failed
            ? OperatorResult.Drop($"quality {spec.Preset}: {failed.Rule}", failed.Detail)
            : OperatorResult.Kept;
    }
}
