using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Operators.Labels;

/// <summary>
/// The label step: maps label variants to canonical labels (the <c>normalize</c> table, then the label set
/// itself, both case-insensitive and ignoring surrounding white space), and applies <c>unknown</c> to labels
/// outside <c>task.labels</c>. Records without a label pass unchanged.
/// </summary>
public sealed class LabelNormalizer : RecordOperator
{
    private readonly LabelsSpec _spec;
    private readonly int _field;
    private readonly Dictionary<string, string> _variants = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _known;

    public LabelNormalizer(LabelsSpec spec, RecordSchema schema)
        : base("labels", "label")
    {
        _spec = spec;
        _field = schema.IndexOf(spec.Field);
        _known = new HashSet<string>(spec.KnownLabels, StringComparer.Ordinal);
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
        if (record[_field] is not string label)
        {
            return OperatorResult.Kept;
        }

        var canonical = _variants.TryGetValue(label.Trim(), out var mapped) ? mapped : label;
        record[_field] = canonical;
        record.LabelOrigin = canonical == label ? "source" : "normalized";
        if (_known.Count == 0 || _known.Contains(canonical))
        {
            return OperatorResult.Kept;
        }

        switch (_spec.Unknown)
        {
            case "keep":
                return OperatorResult.Kept;
            case "drop":
                return OperatorResult.Drop("unknown label", $"'{label}'");
            default:
                throw DatasetBuildException.At(
                    DiagnosticCodes.LabelUnknown,
                    SourceLocation.AtLine(context.SourceFile, record.Row),
                    $"label '{label}' of record '{record.Id}' is not in task.labels; map it in 'labels.normalize' or set 'labels.unknown: drop|keep'");
        }
    }
}
