namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// Finds candidate pairs from records' <see cref="BandKeys"/> without a per-record object graph: band by band,
/// it sorts the (key, record) arrays into buckets of equal keys (<see cref="Build"/>), and pairs the records within
/// each bucket (<see cref="LshBuckets.Pairs"/>). A later build with a few records more or fewer updates the earlier
/// build's buckets instead (<see cref="Update"/>), with the same result.
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

    // Bits of the filter that spares most records a set lookup when only a few keys are looked for (128 KiB).
    private const int FilterBits = 1 << 20;

    /// <summary>
    /// The candidate pairs of records 0..n−1 given their band keys (an empty array: a record without
    /// shingles, never a candidate). Deterministic: independent of <paramref name="maxDegreeOfParallelism"/>.
    /// </summary>
    public static CandidatePairs FindCandidates(
        IReadOnlyList<ulong[]> bandKeys, int bands, int bucketLimit = DefaultBucketLimit, int maxDegreeOfParallelism = -1) =>
        Build(bandKeys, bands, maxDegreeOfParallelism).Pairs(bucketLimit, maxDegreeOfParallelism);

    /// <summary>Every band's buckets of records 0..n−1 given their band keys (an empty array: a record in no bucket).</summary>
    public static LshBuckets Build(IReadOnlyList<ulong[]> bandKeys, int bands, int maxDegreeOfParallelism = -1)
    {
        var members = Members(bandKeys, bands);
        var result = new BandBuckets[bands];
        Parallel.For(0, bands, Options(maxDegreeOfParallelism), band =>
        {
            var keys = new ulong[members.Length];
            var records = (int[])members.Clone();
            for (var i = 0; i < members.Length; i++)
            {
                keys[i] = bandKeys[members[i]][band];
            }

            Array.Sort(keys, records);
            result[band] = BandBuckets.FromSorted(keys, records);
        });
        return new LshBuckets(result);
    }

    /// <summary>
    /// What <see cref="Build"/> gives, from an earlier build's buckets renumbered to these records
    /// (<see cref="LshBuckets.Renumbered"/>, −1 for a record gone since) and which records are new (have keys now and
    /// were not among the records the earlier buckets were built from). Only the buckets whose key a new record has,
    /// or that lost a member, are rebuilt, from one scan of the keys; the others are kept as they are.
    /// </summary>
    public static LshBuckets Update(IReadOnlyList<ulong[]> bandKeys, int bands, LshBuckets previous, IReadOnlyList<bool> isNew, int maxDegreeOfParallelism = -1)
    {
        if (previous.Bands != bands)
        {
            throw new ArgumentException($"the earlier buckets have {previous.Bands} bands, not {bands}", nameof(previous));
        }

        var members = Members(bandKeys, bands);
        var newMembers = members.Where(r => isNew[r]).ToArray();
        var result = new BandBuckets[bands];
        Parallel.For(0, bands, Options(maxDegreeOfParallelism), band =>
            result[band] = UpdateBand(bandKeys, members, newMembers, previous.Band(band), band));
        return new LshBuckets(result);
    }

    private static BandBuckets UpdateBand(IReadOnlyList<ulong[]> bandKeys, int[] members, int[] newMembers, BandBuckets previous, int band)
    {
        var affected = new HashSet<ulong>();
        foreach (var record in newMembers)
        {
            affected.Add(bandKeys[record][band]);
        }

        for (var b = 0; b < previous.Count; b++)
        {
            if (previous.MembersAt(b).Contains(-1))
            {
                affected.Add(previous.KeyAt(b));
            }
        }

        var kept = new BandBuckets.Builder();
        for (var b = 0; b < previous.Count; b++)
        {
            if (!affected.Contains(previous.KeyAt(b)))
            {
                kept.Add(previous.KeyAt(b), previous.MembersAt(b));
            }
        }

        if (affected.Count == 0)
        {
            return kept.Build();
        }

        var filter = new ulong[FilterBits / 64];
        foreach (var key in affected)
        {
            filter[(int)(key % FilterBits) >> 6] |= 1UL << (int)(key % 64);
        }

        var keys = new List<ulong>();
        var records = new List<int>();
        foreach (var record in members)
        {
            var key = bandKeys[record][band];
            if ((filter[(int)(key % FilterBits) >> 6] & (1UL << (int)(key % 64))) != 0 && affected.Contains(key))
            {
                keys.Add(key);
                records.Add(record);
            }
        }

        var sortedKeys = keys.ToArray();
        var sortedRecords = records.ToArray();
        Array.Sort(sortedKeys, sortedRecords);
        return BandBuckets.Merge(kept.Build(), BandBuckets.FromSorted(sortedKeys, sortedRecords));
    }

    /// <summary>The records with keys, ascending; a record must have all the bands' keys or none.</summary>
    private static int[] Members(IReadOnlyList<ulong[]> bandKeys, int bands)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 1);
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

        return [.. members];
    }

    private static ParallelOptions Options(int maxDegreeOfParallelism) =>
        new() { MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount };
}
