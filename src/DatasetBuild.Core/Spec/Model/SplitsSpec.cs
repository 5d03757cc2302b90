using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Spec.Model;

/// <summary>
/// <c>splits:</c> named ratios (in the order written), an optional field to stratify the report by, an
/// optional field whose records stay together, and the seed of the stable assignment.
/// </summary>
public sealed record SplitsSpec(
    IReadOnlyList<(string Name, double Ratio)> Ratios,
    string? StratifyBy,
    string? GroupBy,
    long Seed,
    SourceLocation Location,
    string Canonical);
