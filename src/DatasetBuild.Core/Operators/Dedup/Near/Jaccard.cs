namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>Jaccard similarity |A ∩ B| / |A ∪ B|: exact on shingle sets, estimated on MinHash signatures.</summary>
public static class Jaccard
{
    /// <summary>
    /// The exact similarity of two sets given as ascending arrays of distinct hashes
    /// (<see cref="Shingler.SortedSet"/>). Two empty sets have similarity 0: an empty text is never a duplicate.
    /// </summary>
    public static double Of(ReadOnlySpan<ulong> sortedA, ReadOnlySpan<ulong> sortedB)
    {
        if (sortedA.IsEmpty || sortedB.IsEmpty)
        {
            return 0;
        }

        var shared = 0;
        int i = 0, j = 0;
        while (i < sortedA.Length && j < sortedB.Length)
        {
            var (a, b) = (sortedA[i], sortedB[j]);
            shared += a == b ? 1 : 0;
            i += a <= b ? 1 : 0;
            j += b <= a ? 1 : 0;
        }

        return (double)shared / (sortedA.Length + sortedB.Length - shared);
    }

    /// <summary>
    /// The MinHash estimate: the share of positions where two signatures of the same <see cref="MinHasher"/>
    /// agree.
    /// </summary>
    public static double Estimate(ReadOnlySpan<uint> signatureA, ReadOnlySpan<uint> signatureB)
    {
        if (signatureA.Length != signatureB.Length || signatureA.IsEmpty)
        {
            throw new ArgumentException("signatures of one MinHasher have the same, non-zero length");
        }

        var equal = 0;
        for (var i = 0; i < signatureA.Length; i++)
        {
            equal += signatureA[i] == signatureB[i] ? 1 : 0;
        }

        return (double)equal / signatureA.Length;
    }
}
