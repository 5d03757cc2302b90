namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// Finds candidate pairs from records' <see cref="BandKeys"/> without a per-record object graph: band by band,
/// it sorts the (key, record) arrays into buckets of equal keys (<see cref="Build(BandKeyTable, int)"/>), and pairs the records within
/// each bucket (<see cref="LshBuckets.Pairs"/>). A later build with a few records more or fewer updates the earlier
/// build's buckets instead (<see cref="Update(BandKeyTable, LshBuckets, IReadOnlyList{bool}, int)"/>), with the same result.
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
    /// shingles, never a candidate). Deterministic: independent of <paramref name="maxDegreeOfParallelism"/>. The
    /// per-record-array forms here are for tests and benchmarks; the engine keeps its keys in a <see cref="BandKeyTable"/>.
    /// </summary>
    public static CandidatePairs FindCandidates(
        IReadOnlyList<ulong[]> bandKeys, int bands, int bucketLimit = DefaultBucketLimit, int maxDegreeOfParallelism = -1) =>
        Build(BandKeyTable.From(bandKeys, bands), maxDegreeOfParallelism).Pairs(bucketLimit, maxDegreeOfParallelism);

    /// <summary>Every band's buckets of records 0..n−1 given their band keys (an empty array: a record in no bucket).</summary>
    public static LshBuckets Build(IReadOnlyList<ulong[]> bandKeys, int bands, int maxDegreeOfParallelism = -1) =>
        Build(BandKeyTable.From(bandKeys, bands), maxDegreeOfParallelism);

    /// <summary>Every band's buckets of the records of <paramref name="bandKeys"/> (a record without keys is in no bucket).</summary>
    public static LshBuckets Build(BandKeyTable bandKeys, int maxDegreeOfParallelism = -1)
    {
        var bands = bandKeys.Bands;
        var members = Members(bandKeys);
        var result = new BandBuckets[bands];
        Parallel.For(0, bands, Options(maxDegreeOfParallelism), band =>
        {
            var keys = new ulong[members.Length];
            var records = (int[])members.Clone();
            for (var i = 0; i < members.Length; i++)
            {
                keys[i] = bandKeys.KeyAt(members[i], band);
            }

            Array.Sort(keys, records);
            result[band] = BandBuckets.FromSorted(keys, records);
        });
        return new LshBuckets(result);
    }

    /// <summary>
    /// What <see cref="Build(BandKeyTable, int)"/> gives, from an earlier build's buckets renumbered to these records
    /// (<see cref="LshBuckets.Renumbered"/>, −1 for a record gone since) and which records are new (have keys now and
    /// were not among the records the earlier buckets were built from). Only the buckets whose key a new record has,
    /// or that lost a member, are rebuilt, from one scan of the keys; the others are kept as they are.
    /// </summary>
    public static LshBuckets Update(IReadOnlyList<ulong[]> bandKeys, int bands, LshBuckets previous, IReadOnlyList<bool> isNew, int maxDegreeOfParallelism = -1) =>
        Update(BandKeyTable.From(bandKeys, bands), previous, isNew, maxDegreeOfParallelism);

    /// <inheritdoc cref="Update(IReadOnlyList{ulong[]}, int, LshBuckets, IReadOnlyList{bool}, int)"/>
    public static LshBuckets Update(BandKeyTable bandKeys, LshBuckets previous, IReadOnlyList<bool> isNew, int maxDegreeOfParallelism = -1)
    {
        var bands = bandKeys.Bands;
        if (previous.Bands != bands)
        {
            throw new ArgumentException($"the earlier buckets have {previous.Bands} bands, not {bands}", nameof(previous));
        }

        var newMembers = new List<int>();
        for (var record = 0; record < bandKeys.Count; record++)
        {
            if (isNew[record] && bandKeys.Has(record))
            {
                newMembers.Add(record);
            }
        }

        var parallel = Options(maxDegreeOfParallelism);
        var affected = new KeySet[bands];
        Parallel.For(0, bands, parallel, band => affected[band] = AffectedKeys(bandKeys, newMembers, previous.Band(band), band));

        // One pass over the records finds those with an affected key in any band (each record's keys are read once).
        var count = bandKeys.Count;
        var chunks = Array.TrueForAll(affected, a => a.IsEmpty) ? 0 : Math.Max(1, Math.Min(parallel.MaxDegreeOfParallelism * 4, count / 65_536));
        var found = new List<(ulong Key, int Record)>[chunks, bands];
        Parallel.For(0, chunks, parallel, chunk =>
        {
            for (var band = 0; band < bands; band++)
            {
                found[chunk, band] = [];
            }

            var (from, to) = ((int)((long)count * chunk / chunks), (int)((long)count * (chunk + 1) / chunks));
            for (var record = from; record < to; record++)
            {
                var keys = bandKeys.KeysOf(record); // empty for a record without keys
                for (var band = 0; band < keys.Length; band++)
                {
                    if (affected[band].Contains(keys[band]))
                    {
                        found[chunk, band].Add((keys[band], record));
                    }
                }
            }
        });

        var result = new BandBuckets[bands];
        Parallel.For(0, bands, parallel, band =>
        {
            var previousBand = previous.Band(band);
            var bucketKeys = new List<ulong>();
            var bucketRecords = new List<int>();
            for (var chunk = 0; chunk < chunks; chunk++)
            {
                foreach (var (key, record) in found[chunk, band])
                {
                    bucketKeys.Add(key);
                    bucketRecords.Add(record);
                }
            }

            var (sortedKeys, sortedRecords) = (bucketKeys.ToArray(), bucketRecords.ToArray());
            Array.Sort(sortedKeys, sortedRecords);
            var affectedKeys = affected[band];
            result[band] = BandBuckets.Merge(previousBand, BandBuckets.FromSorted(sortedKeys, sortedRecords), b => !affectedKeys.Contains(previousBand.KeyAt(b)));
        });
        return new LshBuckets(result);
    }

    /// <summary>The keys of one band whose buckets must be rebuilt: those of new records and those of earlier buckets that lost a member.</summary>
    private static KeySet AffectedKeys(BandKeyTable bandKeys, List<int> newMembers, BandBuckets previous, int band)
    {
        var affected = new KeySet();
        foreach (var record in newMembers)
        {
            affected.Add(bandKeys.KeyAt(record, band));
        }

        for (var b = 0; b < previous.Count; b++)
        {
            if (previous.MembersAt(b).Contains(-1))
            {
                affected.Add(previous.KeyAt(b));
            }
        }

        return affected;
    }

    /// <summary>The records with keys, ascending.</summary>
    private static int[] Members(BandKeyTable bandKeys)
    {
        var members = new List<int>(bandKeys.Count);
        for (var record = 0; record < bandKeys.Count; record++)
        {
            if (bandKeys.Has(record))
            {
                members.Add(record);
            }
        }

        return [.. members];
    }

    /// <summary>At most <paramref name="maxDegreeOfParallelism"/> threads (−1: one per core).</summary>
    internal static ParallelOptions Options(int maxDegreeOfParallelism) =>
        new() { MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount };
}
