using System.Text.RegularExpressions;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary><c>regex</c>: a .NET regular expression on a field (1 s timeout per record); drop what matches, or keep only that.</summary>
public sealed class RegexFilter(RegexFilterSpec spec, RecordSchema schema) : RecordOperator(spec.DisplayName, "filter")
{
    private readonly int _field = spec.Field == RecordSchema.IdField ? -1 : schema.IndexOf(spec.Field);
    private readonly Regex _pattern = new(spec.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    protected override OperatorResult Decide(Record record, OperatorContext context)
    {
        var value = _field < 0 ? record.Id : record[_field] as string;
        bool matches;
        try
        {
            matches = value is not null && _pattern.IsMatch(value);
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw DatasetBuildException.At(DiagnosticCodes.SourceBadValue, SourceLocation.AtLine(context.SourceFile, record.Row), $"filter '{spec.DisplayName}': {ex.Message}");
        }

        return spec.Action == "drop"
            ? matches ? OperatorResult.Drop($"matches /{spec.Pattern}/ in '{spec.Field}'") : OperatorResult.Kept
            : matches ? OperatorResult.Kept : OperatorResult.Drop($"does not match /{spec.Pattern}/ in '{spec.Field}'");
    }
}
