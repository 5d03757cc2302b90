namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// Finds candidate pairs from records' <see cref="BandKeys"/> without a per-record object graph: band by band,
/// it sorts the (key, record) arrays and pairs the records within each run of equal keys. Memory is two
/// arrays per band being sorted plus the distinct pairs found so far.
/// </summary>
public static class LshIndex
{
    /// <summary>
    /// Buckets up to this size are paired completely (at most 8,128 pairs). A larger bucket, typically
    /// boilerplate shared by thousands of records, pairs each member with the bucket's first member (lowest
    /// index) and with its neighbour in index order: 2 × size pairs instead of size² / 2. Its members all share
    /// one band of the signature, so they are mostly near duplicates of the first member and are joined
    /// through it; a member close only to members that are neither the first nor its neighbour is missed.
    /// </summary>
    public const int DefaultBucketLimit = 128;

    /// <summary>
    /// The candidate pairs of records 0..n−1 given their band keys (an empty array: a record without
    /// shingles, never a candidate). Deterministic: independent of <paramref name="maxDegreeOfParallelism"/>.
    /// </summary>
    public static CandidatePairs FindCandidates(
        IReadOnlyList<ulong[]> bandKeys, int bands, int bucketLimit = DefaultBucketLimit, int maxDegreeOfParallelism = -1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketLimit, 2);
        var members = new List<int>(bandKeys.Count);
        for (var record = 0; record < bandKeys.Count; record++)
        {
            var keys = bandKeys[record];
            if (keys.Length == bands)
            {
                members.Add(record);
            }
            else if (keys.Length != 0)
            {
                throw new ArgumentException($"record {record} has {keys.Length} band keys, not {bands}", nameof(bandKeys));
            }
        }

        var indexed = members.ToArray();
        var parallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        var pairs = Array.Empty<ulong>();
        for (var first = 0; first < bands; first += parallelism)
        {
            var found = new ulong[Math.Min(parallelism, bands - first)][];
            Parallel.For(
                0,
                found.Length,
                new ParallelOptions { MaxDegreeOfParallelism = parallelism },
                wave => found[wave] = PairsInBand(bandKeys, indexed, first + wave, bucketLimit));
            foreach (var band in found)
            {
                pairs = MergeDistinct(pairs, band);
            }
        }

        return new CandidatePairs(pairs);
    }

    private static ulong[] PairsInBand(IReadOnlyList<ulong[]> bandKeys, int[] members, int band, int bucketLimit)
    {
        var keys = new ulong[members.Length];
        var records = (int[])members.Clone();
        for (var i = 0; i < members.Length; i++)
        {
            keys[i] = bandKeys[members[i]][band];
        }

        Array.Sort(keys, records);
        var pairs = new List<ulong>();
        for (int start = 0, end; start < keys.Length; start = end)
        {
            end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                var bucket = records.AsSpan(start, end - start);
                bucket.Sort();
                AddBucketPairs(bucket, bucketLimit, pairs);
            }
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
