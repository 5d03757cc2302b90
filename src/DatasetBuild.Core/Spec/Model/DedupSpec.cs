using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Spec.Model;

/// <summary>The <c>dedup:</c> section.</summary>
public sealed record DedupSpec(ExactDedupSpec? Exact)
{
    /// <summary><c>dedup.near</c>, applied after <c>exact</c>.</summary>
    public NearDedupSpec? Near { get; init; }
}

/// <summary><c>dedup.exact</c>: drop records whose (optionally normalised) fields repeat an earlier record's.</summary>
public sealed record ExactDedupSpec(IReadOnlyList<string> Fields, bool Normalize, SourceLocation Location, string Canonical)
    : OperatorSpec("dedup.exact", null, Location, Canonical);

/// <summary>
/// <c>dedup.near</c>: MinHash over shingles of the normalised field, LSH banding, optional exact-Jaccard
/// verification, clusters by union-find; one record per cluster is kept (<c>keep: first|longest</c>).
/// <c>against</c> names a released dataset whose records count as kept: records near them are dropped.
/// </summary>
public sealed record NearDedupSpec(
    string Field,
    string Unit,
    int Ngram,
    int Permutations,
    int Seed,
    double Threshold,
    int? Bands,
    int? Rows,
    bool Verify,
    string Keep,
    string? Against,
    SourceLocation AgainstLocation,
    SourceLocation Location,
    string Canonical)
    : OperatorSpec("dedup.near", null, Location, Canonical)
{
    public static readonly IReadOnlyList<string> Units = ["word", "char"];

    public static readonly IReadOnlyList<string> KeepRules = ["first", "longest"];
}
