namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// Every band's buckets with more than one member (<see cref="BandBuckets"/>): what the candidate pairs are made
/// of (<see cref="Pairs"/>), and what a build keeps so that the next one updates them
/// (<see cref="LshIndex.Update(BandKeyTable, LshBuckets, IReadOnlyList{bool}, int)"/>) instead of sorting every record's keys again.
/// </summary>
public sealed class LshBuckets(BandBuckets[] bands)
{
    public int Bands => bands.Length;

    public BandBuckets Band(int band) => bands[band];

    /// <summary>
    /// The same buckets with each member <c>m</c> replaced by <c>map[m]</c> (−1: the record is gone), for records
    /// renumbered by a later build. <paramref name="map"/> must keep the order of the records it keeps.
    /// </summary>
    public LshBuckets Renumbered(int[] map) => new([.. bands.Select(band => band.Renumbered(map))]);

    /// <summary>
    /// The distinct pairs of records that share a bucket, ordered by the later record, then the earlier one. Buckets up
    /// to <paramref name="bucketLimit"/> members are paired completely; larger ones as <see cref="LshIndex.DefaultBucketLimit"/> says.
    /// </summary>
    public CandidatePairs Pairs(int bucketLimit = LshIndex.DefaultBucketLimit, int maxDegreeOfParallelism = -1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketLimit, 2);
        var found = new ulong[bands.Length][];
        Parallel.For(0, bands.Length, LshIndex.Options(maxDegreeOfParallelism), band => found[band] = PairsOf(bands[band], bucketLimit));
        var pairs = Array.Empty<ulong>();
        foreach (var band in found)
        {
            pairs = MergeDistinct(pairs, band);
        }

        return new CandidatePairs(pairs);
    }

    private static ulong[] PairsOf(BandBuckets buckets, int bucketLimit)
    {
        var pairs = new List<ulong>();
        for (var b = 0; b < buckets.Count; b++)
        {
            AddBucketPairs(buckets.MembersAt(b), bucketLimit, pairs);
        }

        var sorted = pairs.ToArray();
        Array.Sort(sorted);
        return sorted[..Distinct(sorted)];
    }

    private static void AddBucketPairs(ReadOnlySpan<int> bucket, int bucketLimit, List<ulong> pairs)
    {
        if (bucket.Length <= bucketLimit)
        {
            for (var later = 1; later < bucket.Length; later++)
            {
                for (var earlier = 0; earlier < later; earlier++)
                {
                    pairs.Add(CandidatePairs.Pack(bucket[earlier], bucket[later]));
                }
            }

            return;
        }

        for (var member = 1; member < bucket.Length; member++)
        {
            pairs.Add(CandidatePairs.Pack(bucket[0], bucket[member]));
            if (member > 1)
            {
                pairs.Add(CandidatePairs.Pack(bucket[member - 1], bucket[member]));
            }
        }
    }

    private static int Distinct(ulong[] sorted)
    {
        var kept = Math.Min(1, sorted.Length);
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] != sorted[kept - 1])
            {
                sorted[kept++] = sorted[i];
            }
        }

        return kept;
    }

    private static ulong[] MergeDistinct(ulong[] a, ulong[] b)
    {
        if (a.Length == 0)
        {
            return b;
        }

        var merged = new ulong[a.Length + b.Length];
        int i = 0, j = 0, count = 0;
        while (i < a.Length || j < b.Length)
        {
            var next = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i] : b[j];
            i += i < a.Length && a[i] == next ? 1 : 0;
            j += j < b.Length && b[j] == next ? 1 : 0;
            merged[count++] = next;
        }

        return merged[..count];
    }
}
