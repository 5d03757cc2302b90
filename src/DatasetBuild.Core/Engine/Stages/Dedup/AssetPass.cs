using System.Globalization;
using DatasetBuild.Core.Assets;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Operators.Dedup.Near;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// <c>dedup.assets</c>' global step over the records still kept: records whose asset has the same sha256 are
/// one cluster; with <c>max_distance</c> &gt; 0, so are images whose 64-bit dHashes differ in at most that many
/// bits (found by multi-index hashing: split into max_distance + 1 blocks, two hashes that close agree on a
/// whole block). Clusters are transitive (union-find); the first record in canonical order stays and the
/// others are dropped with <c>duplicate_of</c> it.
/// </summary>
public sealed class AssetPass(AssetDedupSpec spec) : DedupPass(spec.DisplayName, "dedup")
{
    public const string IdenticalReason = "duplicate asset";
    public const string NearReason = "near-duplicate asset";

    private int[] _clusterOf = [];

    public AssetDedupSummary Summary { get; } = new() { Field = spec.Field, MaxDistance = spec.MaxDistance };

    /// <summary>The kept record of the asset cluster a record belongs to (itself when kept), or -1 outside any cluster. Valid after <see cref="Run"/>.</summary>
    public int ClusterOf(int n) => n < _clusterOf.Length ? _clusterOf[n] : -1;

    public override void Run(KeyTable table, Decisions decisions)
    {
        var sets = new UnionFind(table.Count);
        var bySha = new Dictionary<Hash128, int>();
        var byHash = new Dictionary<ulong, int>();
        for (var n = 0; n < table.Count; n++)
        {
            if (IsDropped(decisions, n) || table.AssetHashes[n] is not { } sha)
            {
                continue;
            }

            if (!bySha.TryAdd(sha, n))
            {
                sets.Union(bySha[sha], n);
            }

            if (spec.MaxDistance > 0 && table.DHashes[n] is { } hash && !byHash.TryAdd(hash, n))
            {
                sets.Union(byHash[hash], n);
            }
        }

        if (spec.MaxDistance > 0)
        {
            foreach (var (a, b) in NearPairs(byHash.Keys.Order().ToList(), spec.MaxDistance))
            {
                sets.Union(byHash[a], byHash[b]);
            }
        }

        var kept = sets.PreferredMembers(Comparer<int>.Default);
        _clusterOf = new int[table.Count];
        Array.Fill(_clusterOf, -1);
        var clusters = new HashSet<int>();
        for (var n = 0; n < table.Count; n++)
        {
            if (IsDropped(decisions, n))
            {
                continue;
            }

            Stats.RecordsIn++;
            var first = kept[n];
            if (first == n || table.AssetHashes[n] is null)
            {
                Stats.RecordsOut++;
                continue;
            }

            _clusterOf[n] = _clusterOf[first] = first;
            clusters.Add(first);
            if (table.AssetHashes[n] == table.AssetHashes[first])
            {
                Dropped(decisions, n, Decision.Drop(Name, IdenticalReason, $"the same '{spec.Field}' file content", table.Ids[first]));
                continue;
            }

            var distance = table.DHashes[n] is { } h && table.DHashes[first] is { } k ? DifferenceHash.Distance(h, k) : -1;
            var detail = distance >= 0 && distance <= spec.MaxDistance
                ? string.Create(CultureInfo.InvariantCulture, $"'{spec.Field}' dHash distance {distance} of 64")
                : string.Create(CultureInfo.InvariantCulture, $"'{spec.Field}' in the same cluster through other images (dHash distance {distance} of 64)");
            Dropped(decisions, n, Decision.Drop(Name, NearReason, detail, table.Ids[first]));
        }

        Summary.Clusters = clusters.Count;
        Summary.Duplicates = Stats.Dropped.GetValueOrDefault(IdenticalReason);
        Summary.NearDuplicates = Stats.Dropped.GetValueOrDefault(NearReason);
    }

    /// <summary>Every pair of distinct hashes within <paramref name="maxDistance"/> bits, by multi-index hashing.</summary>
    public static IEnumerable<(ulong, ulong)> NearPairs(IReadOnlyList<ulong> hashes, int maxDistance)
    {
        var blocks = maxDistance + 1;
        if (64 / blocks < 4)
        {
            // Blocks this short select nearly everything: compare all pairs.
            for (var i = 0; i < hashes.Count; i++)
            {
                for (var j = i + 1; j < hashes.Count; j++)
                {
                    if (DifferenceHash.Distance(hashes[i], hashes[j]) <= maxDistance)
                    {
                        yield return (hashes[i], hashes[j]);
                    }
                }
            }

            yield break;
        }

        var seen = new HashSet<(ulong, ulong)>();
        for (var b = 0; b < blocks; b++)
        {
            var start = 64 * b / blocks;
            var width = (64 * (b + 1) / blocks) - start;
            var mask = (width == 64 ? ulong.MaxValue : (1UL << width) - 1) << start;
            foreach (var bucket in hashes.GroupBy(h => h & mask).Where(g => g.Count() > 1))
            {
                var members = bucket.ToList();
                for (var i = 0; i < members.Count; i++)
                {
                    for (var j = i + 1; j < members.Count; j++)
                    {
                        if (DifferenceHash.Distance(members[i], members[j]) <= maxDistance && seen.Add((members[i], members[j])))
                        {
                            yield return (members[i], members[j]);
                        }
                    }
                }
            }
        }
    }
}

/// <summary>The manifest's <c>asset_dedup</c>: the field, the distance used, and what the pass found.</summary>
public sealed class AssetDedupSummary
{
    public string Field { get; set; } = "";

    public int MaxDistance { get; set; }

    public long Clusters { get; set; }

    /// <summary>Records dropped because their asset has the same bytes as a kept record's.</summary>
    public long Duplicates { get; set; }

    /// <summary>Records dropped because their image is within <see cref="MaxDistance"/> of a kept record's.</summary>
    public long NearDuplicates { get; set; }
}
