namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// The keys of <c>dedup.near</c>, with the recommended defaults. The cached band keys depend on
/// <see cref="Unit"/>, <see cref="NGram"/>, <see cref="Permutations"/>, <see cref="Seed"/> and the resolved
/// <see cref="LshParameters"/> (so also on <see cref="Threshold"/> and <see cref="Verify"/> unless
/// <see cref="Bands"/> and <see cref="Rows"/> are explicit); <see cref="Keep"/> and
/// <see cref="BucketLimit"/> only affect the global pass.
/// </summary>
public sealed record NearDuplicateOptions
{
    public ShingleUnit Unit { get; init; } = ShingleUnit.Word;

    /// <summary>Words or characters per shingle.</summary>
    public int NGram { get; init; } = 5;

    public int Permutations { get; init; } = 128;

    public long Seed { get; init; } = 42;

    /// <summary>Two records are near duplicates when their Jaccard similarity is at least this.</summary>
    public double Threshold { get; init; } = 0.8;

    /// <summary>Explicit LSH bands; null derives them (<see cref="LshParameters.Resolve"/>).</summary>
    public int? Bands { get; init; }

    /// <summary>Explicit LSH rows per band; null derives them (<see cref="LshParameters.Resolve"/>).</summary>
    public int? Rows { get; init; }

    /// <summary>Check candidate pairs with the exact Jaccard of their shingle sets, else with the MinHash estimate.</summary>
    public bool Verify { get; init; } = true;

    public NearDuplicateKeep Keep { get; init; } = NearDuplicateKeep.First;

    /// <summary>See <see cref="LshIndex.DefaultBucketLimit"/>.</summary>
    public int BucketLimit { get; init; } = LshIndex.DefaultBucketLimit;

    /// <summary>
    /// The bands and rows these options give (computed on each call; keep the result). Without explicit
    /// <see cref="Bands"/>/<see cref="Rows"/>: <see cref="LshParameters.Optimal"/> with datasketch's weights
    /// (false positives 0.5, false negatives 0.5) when <see cref="Verify"/> is false, where a false positive
    /// removes a record wrongly; with false positives 0.1, false negatives 0.9 when <see cref="Verify"/> is
    /// true, where a false positive costs only one exact Jaccard but a false negative is a duplicate kept. For
    /// threshold 0.8 and 128 permutations that is 14 × 9 (a pair at 0.8 becomes a candidate with probability
    /// 0.87) instead of datasketch's 9 × 13 (0.40).
    /// </summary>
    public LshParameters ResolveLsh() => Verify
        ? LshParameters.Resolve(Threshold, Permutations, Bands, Rows, falsePositiveWeight: 0.1, falseNegativeWeight: 0.9)
        : LshParameters.Resolve(Threshold, Permutations, Bands, Rows);
}
