namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>A candidate pair that reached the threshold, with its Jaccard similarity (exact or estimated).</summary>
public readonly record struct SimilarPair(int Earlier, int Later, double Similarity);
