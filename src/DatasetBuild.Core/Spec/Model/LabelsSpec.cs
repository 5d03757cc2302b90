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
    /// <summary>The <c>rules</c>, applied in order after normalisation.</summary>
    public IReadOnlyList<LabelRuleSpec> Rules { get; init; } = [];

    /// <summary>What to do with duplicate groups whose labels disagree; null when not asked for.</summary>
    public string? Conflicts { get; init; }

    public static readonly IReadOnlyList<string> ConflictModes = ["majority", "drop", "flag", "error"];

    public static readonly IReadOnlyList<string> UnknownModes = ["drop", "error", "keep"];
}

/// <summary>
/// One labelling rule: when <c>match</c> (a regular expression on a field) or <c>where</c> (an expression) holds,
/// the record gets <c>label</c>; with <c>override: false</c> (the default) only records without a label.
/// </summary>
public sealed record LabelRuleSpec(string Name, string? Field, string? Pattern, string? Where, string Label, bool Override, SourceLocation Location);
