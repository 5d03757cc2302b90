using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Spec.Model;

/// <summary>The <c>labels:</c> section: which field holds the label, how variants map to canonical labels, and what to do with unknown ones.</summary>
public sealed record LabelsSpec(
    string Field,
    IReadOnlyDictionary<string, string> Normalize,
    string Unknown,
    IReadOnlyList<string> KnownLabels,
    SourceLocation Location,
    string Canonical)
    : OperatorSpec("labels", null, Location, Canonical)
{
    public static readonly IReadOnlyList<string> UnknownModes = ["drop", "error", "keep"];
}
