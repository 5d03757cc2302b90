using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Spec.Model;

/// <summary><c>coverage:</c> targets checked on the kept records; unmet ones fail the build (<c>on_unmet: error</c>) or warn.</summary>
public sealed record CoverageSpec(string OnUnmet, IReadOnlyList<CoverageTargetSpec> Targets)
{
    public static readonly IReadOnlyList<string> OnUnmetModes = ["error", "warn"];
}

/// <summary>
/// One target: <c>by</c> checks every value of a field (for the label field: every label of task.labels,
/// also those with no record); <c>where</c> checks one slice.
/// </summary>
public sealed record CoverageTargetSpec(string Name, string? By, string? Where, long? MinCount, double? MaxShare, SourceLocation Location)
{
    /// <summary>With <c>feedback</c> on the same field: a value whose error rate exceeds this needs <see cref="ErrorMinCount"/> records.</summary>
    public double? MaxError { get; init; }

    public long? ErrorMinCount { get; init; }
}
