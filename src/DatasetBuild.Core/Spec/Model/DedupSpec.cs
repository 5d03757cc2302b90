using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Spec.Model;

/// <summary>The <c>dedup:</c> section.</summary>
public sealed record DedupSpec(ExactDedupSpec? Exact)
{
    /// <summary><c>dedup.near</c>, applied after <c>exact</c>.</summary>
    public NearDedupSpec? Near { get; init; }

    /// <summary><c>dedup.assets</c>, applied after <c>exact</c> and <c>near</c>.</summary>
    public AssetDedupSpec? Assets { get; init; }
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

/// <summary>
/// <c>dedup.assets</c>: records whose asset in <c>field</c> has the same bytes (sha256), or with
/// <c>max_distance</c> &gt; 0 a perceptually near image (64-bit dHash within that Hamming distance), form
/// duplicate clusters; the first record of a cluster in canonical order stays.
/// </summary>
public sealed record AssetDedupSpec(string Field, int MaxDistance, SourceLocation Location, string Canonical)
    : OperatorSpec("dedup.assets", null, Location, Canonical)
{
    /// <summary>Beyond this a 64-bit dHash matches unrelated images.</summary>
    public const int MaxAllowedDistance = 32;
}
