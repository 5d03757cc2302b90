using System.Text.RegularExpressions;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Operators.Filters;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Operators.Labels;

/// <summary>One compiled <c>labels.rules</c> entry: a regular expression on a field, or a where expression.</summary>
public sealed class LabelRule
{
    private readonly LabelRuleSpec _spec;
    private readonly int _field;
    private readonly Regex? _pattern;
    private readonly WhereExpression? _where;

    public LabelRule(LabelRuleSpec spec, RecordSchema schema)
    {
        _spec = spec;
        _field = spec.Field is null ? -1 : spec.Field == RecordSchema.IdField ? -2 : schema.IndexOf(spec.Field);
        _pattern = spec.Pattern is null ? null : new Regex(spec.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        _where = spec.Where is null ? null : new WhereExpression(spec.Where, schema);
    }

    public string Name => _spec.Name;

    public string Label => _spec.Label;

    public bool Overrides => _spec.Override;

    public bool Matches(Record record, OperatorContext context)
    {
        try
        {
            if (_pattern is not null)
            {
                var value = _field == -2 ? record.Id : record[_field] as string;
                return value is not null && _pattern.IsMatch(value);
            }

            return _where!.Evaluate(record);
        }
        catch (Exception ex) when (ex is not DatasetBuildException)
        {
            throw DatasetBuildException.At(
                DiagnosticCodes.SourceBadValue,
                SourceLocation.AtLine(context.SourceFile, record.Row),
                $"label rule '{Name}' failed on record '{record.Id}': {ex.Message}");
        }
    }
}
