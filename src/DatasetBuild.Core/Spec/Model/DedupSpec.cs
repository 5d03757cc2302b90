using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Spec.Model;

/// <summary>The <c>dedup:</c> section.</summary>
public sealed record DedupSpec(ExactDedupSpec? Exact);

/// <summary><c>dedup.exact</c>: drop records whose (optionally normalised) fields repeat an earlier record's.</summary>
public sealed record ExactDedupSpec(IReadOnlyList<string> Fields, bool Normalize, SourceLocation Location, string Canonical)
    : OperatorSpec("dedup.exact", null, Location, Canonical);
