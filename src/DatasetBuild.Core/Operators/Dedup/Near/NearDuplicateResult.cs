namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>What the global <c>dedup.near</c> pass decided (<see cref="NearDuplicateClusters"/>).</summary>
public sealed class NearDuplicateResult
{
    internal NearDuplicateResult(
        LshParameters lsh, int[] duplicateOf, int candidatePairs, IReadOnlyList<SimilarPair> acceptedPairs, int clusters)
    {
        Lsh = lsh;
        DuplicateOf = duplicateOf;
        CandidatePairs = candidatePairs;
        AcceptedPairs = acceptedPairs;
        Clusters = clusters;
        Duplicates = duplicateOf.Count(kept => kept >= 0);
    }

    /// <summary>The bands and rows used (for the manifest).</summary>
    public LshParameters Lsh { get; }

    /// <summary>For each record, the index of the kept member of its cluster, or −1 when the record is kept.</summary>
    public IReadOnlyList<int> DuplicateOf { get; }

    /// <summary>Distinct pairs that shared a band.</summary>
    public int CandidatePairs { get; }

    /// <summary>Candidate pairs whose (exact or estimated) similarity reached the threshold, in candidate order.</summary>
    public IReadOnlyList<SimilarPair> AcceptedPairs { get; }

    /// <summary>Clusters with more than one member.</summary>
    public int Clusters { get; }

    /// <summary>Records that are not kept: the members of clusters other than the kept one.</summary>
    public int Duplicates { get; }
}
