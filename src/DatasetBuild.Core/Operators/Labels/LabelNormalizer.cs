using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Operators.Labels;

/// <summary>
/// The label step: maps label variants to canonical labels (the <c>normalize</c> table, then the label set
/// itself, both case-insensitive and ignoring surrounding white space), applies the <c>rules</c> in order
/// (filling missing labels, or replacing them with <c>override: true</c>), then <c>unknown</c> to labels
/// outside <c>task.labels</c>. Records still without a label pass unchanged.
/// </summary>
public sealed class LabelNormalizer : RecordOperator
{
    private readonly LabelsSpec _spec;
    private readonly int _field;
    private readonly Dictionary<string, string> _variants = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _known;
    private readonly List<LabelRule> _rules;

    public LabelNormalizer(LabelsSpec spec, RecordSchema schema)
        : base("labels", "label")
    {
        _spec = spec;
        _field = schema.IndexOf(spec.Field);
        _known = new HashSet<string>(spec.KnownLabels, StringComparer.Ordinal);
        _rules = spec.Rules.Select(r => new LabelRule(r, schema)).ToList();
        foreach (var label in spec.KnownLabels)
        {
            _variants.TryAdd(label, label);
        }

        // Explicit mappings win over a case-insensitive match with the label set.
        foreach (var (variant, canonical) in spec.Normalize)
        {
            _variants[variant.Trim()] = canonical;
        }
    }

    protected override OperatorResult Decide(Record record, OperatorContext context)
    {
        if (record[_field] is string label && !string.IsNullOrWhiteSpace(label))
        {
            var normalized = _variants.TryGetValue(label.Trim(), out var mapped) ? mapped : label;
            record[_field] = normalized;
            record.LabelOrigin = normalized == label ? "source" : "normalized";
        }
        else
        {
            record[_field] = null;
        }

        foreach (var rule in _rules)
        {
            if ((rule.Overrides || record[_field] is null) && rule.Matches(record, context))
            {
                record[_field] = rule.Label;
                record.LabelOrigin = "rule:" + rule.Name;
            }
        }

        if (record[_field] is not string canonical)
        {
            return OperatorResult.Kept;
        }

        if (_known.Count == 0 || _known.Contains(canonical))
        {
            return OperatorResult.Kept;
        }

        switch (_spec.Unknown)
        {
            case "keep":
                return OperatorResult.Kept;
            case "drop":
                return OperatorResult.Drop("unknown label", $"'{canonical}'");
            default:
                throw DatasetBuildException.At(
                    DiagnosticCodes.LabelUnknown,
                    SourceLocation.AtLine(context.SourceFile, record.Row),
                    $"label '{canonical}' of record '{record.Id}' is not in task.labels; map it in 'labels.normalize' or set 'labels.unknown: drop|keep'");
        }
    }
}
