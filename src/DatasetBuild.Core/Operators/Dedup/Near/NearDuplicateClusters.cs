namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// The global pass of <c>dedup.near</c>. Records (indices 0..n−1 in canonical order) that share a band are
/// candidate pairs (<see cref="LshIndex"/>); a candidate pair is a near duplicate when its Jaccard similarity
/// is at least the threshold: exact on the shingle sets with <c>verify: true</c>, estimated from the MinHash
/// signatures with <c>verify: false</c>. Near duplicates are joined into clusters with union-find, so clusters
/// are transitive: A ≈ B and B ≈ C put A and C in one cluster even when A and C are below the threshold.
/// Each cluster keeps one member (<see cref="NearDuplicateKeep"/>); the others are its duplicates.
/// </summary>
public static class NearDuplicateClusters
{
    /// <summary>
    /// Clusters the records. <paramref name="shingleSetOf"/> (<c>verify: true</c>) or
    /// <paramref name="signatureOf"/> (<c>verify: false</c>) is called once for each record in a candidate
    /// pair, in ascending record order, so a caller can stream its records once; a set is released after the
    /// record's last pair, so memory is bounded by the records whose pairs span the current position rather
    /// than by all records. <paramref name="lengthOf"/> (<c>keep: longest</c>) is asked only about members of
    /// clusters. <paramref name="maxDegreeOfParallelism"/> bounds the threads sorting bands (−1: one per
    /// core). <paramref name="candidatesFound"/> is told the candidate pairs before the first fetch, so a caller
    /// can start preparing the records it will be asked for. <paramref name="knownSimilarity"/> may give a pair's
    /// similarity without its sets (a previous build verified the same two records; null: unknown), and
    /// <paramref name="verified"/> is told every similarity computed here. <paramref name="candidates"/> are the pairs
    /// <see cref="LshIndex"/> finds from the band keys, when the caller has them already. The result is a pure function of the inputs.
    /// </summary>
    public static NearDuplicateResult Find(
        BandKeyTable bandKeys,
        NearDuplicateOptions options,
        Func<int, ulong[]>? shingleSetOf = null,
        Func<int, uint[]>? signatureOf = null,
        Func<int, long>? lengthOf = null,
        int maxDegreeOfParallelism = -1,
        Action<CandidatePairs>? candidatesFound = null,
        Func<int, int, double?>? knownSimilarity = null,
        Action<int, int, double>? verified = null,
        CandidatePairs? candidates = null)
    {
        var threshold = options.Threshold;
        if (!(threshold > 0 && threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), threshold, "the threshold is a Jaccard similarity in (0, 1]");
        }

        var lsh = options.ResolveLsh();
        if (bandKeys.Bands != lsh.Bands)
        {
            throw new ArgumentException($"the keys have {bandKeys.Bands} bands, the options give {lsh.Bands}", nameof(bandKeys));
        }

        candidates ??= LshIndex.Build(bandKeys, maxDegreeOfParallelism).Pairs(options.BucketLimit, maxDegreeOfParallelism);
        candidatesFound?.Invoke(candidates);
        var accepted = options.Verify
            ? Accept(candidates, bandKeys.Count, shingleSetOf ?? throw new ArgumentNullException(nameof(shingleSetOf), "verify: true needs the shingle sets"), ExactJaccard, threshold, knownSimilarity, verified)
            : Accept(candidates, bandKeys.Count, signatureOf ?? throw new ArgumentNullException(nameof(signatureOf), "verify: false needs the signatures"), EstimatedJaccard, threshold, knownSimilarity, verified);

        var sets = new UnionFind(bandKeys.Count);
        foreach (var pair in accepted)
        {
            sets.Union(pair.Earlier, pair.Later);
        }

        var preference = options.Keep == NearDuplicateKeep.Longest
            ? LongestFirst(accepted, lengthOf ?? throw new ArgumentNullException(nameof(lengthOf), "keep: longest needs the lengths"))
            : Comparer<int>.Default;
        var kept = sets.PreferredMembers(preference);
        var duplicateOf = new int[bandKeys.Count];
        var clusters = 0;
        for (var record = 0; record < duplicateOf.Length; record++)
        {
            duplicateOf[record] = kept[record] == record ? -1 : kept[record];
            clusters += kept[record] == record && sets.SizeOf(record) > 1 ? 1 : 0;
        }

        return new NearDuplicateResult(lsh, duplicateOf, candidates.Count, accepted, clusters);

        // Jaccard(A, B) <= min(|A|, |B|) / max(|A|, |B|): sizes alone reject many pairs.
        double ExactJaccard(ulong[] a, ulong[] b) =>
            Math.Min(a.Length, b.Length) < threshold * Math.Max(a.Length, b.Length) ? 0 : Jaccard.Of(a, b);

        static double EstimatedJaccard(uint[] a, uint[] b) => Jaccard.Estimate(a, b);
    }

    /// <summary>
    /// Each candidate pair's similarity, computed from the fetched sets (and told to <paramref name="verified"/>), or
    /// given by <paramref name="known"/> (a previous build's verification of the same two records): records only in
    /// known pairs are never fetched.
    /// </summary>
    private static List<SimilarPair> Accept<T>(
        CandidatePairs candidates, int count, Func<int, T> fetch, Func<T, T, double> similarity, double threshold, Func<int, int, double?>? known, Action<int, int, double>? verified)
    {
        var given = new double?[candidates.Count];
        if (known is not null)
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                given[i] = known(candidates[i].Earlier, candidates[i].Later);
            }
        }

        // Candidates are ordered by their later record, so the last assignment is each record's last use.
        var lastUse = new int[count];
        Array.Fill(lastUse, -1);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (given[i] is null)
            {
                var (earlier, later) = candidates[i];
                lastUse[earlier] = later;
                lastUse[later] = later;
            }
        }

        var held = new Dictionary<int, T>();
        var accepted = new List<SimilarPair>();
        var nextToFetch = 0;
        for (var i = 0; i < candidates.Count;)
        {
            var later = candidates[i].Later;
            for (; nextToFetch <= later; nextToFetch++)
            {
                if (lastUse[nextToFetch] >= 0)
                {
                    held.Add(nextToFetch, fetch(nextToFetch));
                }
            }

            for (; i < candidates.Count && candidates[i].Later == later; i++)
            {
                var earlier = candidates[i].Earlier;
                var similar = given[i] ?? similarity(held[earlier], held[later]);
                if (given[i] is null)
                {
                    verified?.Invoke(earlier, later, similar);
                }

                if (similar >= threshold)
                {
                    accepted.Add(new SimilarPair(earlier, later, similar));
                }

                if (given[i] is null && lastUse[earlier] == later)
                {
                    held.Remove(earlier);
                }
            }

            if (lastUse[later] == later)
            {
                held.Remove(later);
            }
        }

        return accepted;
    }

    private static Comparer<int> LongestFirst(List<SimilarPair> accepted, Func<int, long> lengthOf)
    {
        var lengths = new Dictionary<int, long>();
        foreach (var (earlier, later, _) in accepted)
        {
            foreach (var record in (ReadOnlySpan<int>)[earlier, later])
            {
                if (!lengths.ContainsKey(record))
                {
                    lengths.Add(record, lengthOf(record));
                }
            }
        }

        return Comparer<int>.Create((a, b) =>
        {
            var longer = lengths[b].CompareTo(lengths[a]);
            return longer != 0 ? longer : a.CompareTo(b);
        });
    }
}
