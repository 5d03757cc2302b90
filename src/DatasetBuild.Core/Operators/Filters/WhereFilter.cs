using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary><c>where</c>: keeps records for which the expression is true.</summary>
public sealed class WhereFilter(WhereFilterSpec spec, RecordSchema schema) : RecordOperator(spec.DisplayName, "filter")
{
    private readonly WhereExpression _expression = new(spec.Expression, schema);

    protected override OperatorResult Decide(Record record, OperatorContext context)
    {
        var keep = _expression.EvaluateAt(record, SourceLocation.AtLine(context.SourceFile, record.Row), $"filter '{spec.DisplayName}'");
        return keep ? OperatorResult.Kept : OperatorResult.Drop($"where: {spec.Expression}");
    }
}
