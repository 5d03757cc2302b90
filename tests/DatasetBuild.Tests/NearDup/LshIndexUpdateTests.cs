using DatasetBuild.Core.Operators.Dedup.Near;

namespace DatasetBuild.Tests.NearDup;

/// <summary>
/// A build with records added and removed updates the previous build's LSH buckets; the buckets and candidate
/// pairs must be exactly those of building them afresh, including buckets over the size limit.
/// </summary>
[TestClass]
public sealed class LshIndexUpdateTests
{
    private const int Bands = 6;

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    public void UpdatingTheBucketsOfAnEarlierBuildEqualsBuildingThemAfresh(int seed)
    {
        var random = new Random(seed);

        // Keys from a small range collide often; one key shared by 300 records makes a bucket over the limit.
        var universe = Enumerable.Range(0, 4000).Select(r => random.Next(20) == 0
            ? []
            : Enumerable.Range(0, Bands).Select(b => r % 13 == 0 && b == 2 ? 99_999UL : (ulong)random.Next(600)).ToArray()).ToArray();
        var before = Enumerable.Range(0, universe.Length).Where(_ => random.Next(10) != 0).ToArray();
        var now = Enumerable.Range(0, universe.Length).Where(r => before.Contains(r) ? random.Next(20) != 0 : random.Next(2) == 0).ToArray();

        var previous = LshIndex.Build([.. before.Select(r => universe[r])], Bands);
        var map = before.Select(r => Array.IndexOf(now, r)).ToArray();
        var keysNow = now.Select(r => universe[r]).ToArray();
        var isNew = now.Select(r => universe[r].Length > 0 && !before.Contains(r)).ToArray();

        var updated = LshIndex.Update(keysNow, Bands, previous.Renumbered(map), isNew);
        var afresh = LshIndex.Build(keysNow, Bands);

        for (var band = 0; band < Bands; band++)
        {
            CollectionAssert.AreEqual(afresh.Band(band).Keys.ToArray(), updated.Band(band).Keys.ToArray(), $"band {band} keys");
            CollectionAssert.AreEqual(afresh.Band(band).Starts.ToArray(), updated.Band(band).Starts.ToArray(), $"band {band} starts");
            CollectionAssert.AreEqual(afresh.Band(band).AllMembers.ToArray(), updated.Band(band).AllMembers.ToArray(), $"band {band} members");
        }

        Assert.IsTrue(afresh.Band(2).Starts.ToArray().Zip(afresh.Band(2).Starts.ToArray().Skip(1)).Any(s => s.Second - s.First > LshIndex.DefaultBucketLimit), "a bucket over the limit");
        var pairs = afresh.Pairs().ToArray();
        Assert.IsGreaterThan(1000, pairs.Length);
        CollectionAssert.AreEqual(pairs, updated.Pairs().ToArray());
        CollectionAssert.AreEqual(LshIndex.FindCandidates(keysNow, Bands).ToArray(), pairs);
    }

    [TestMethod]
    public void NothingNewAndNothingGoneKeepsEveryBucket()
    {
        var random = new Random(9);
        var keys = Enumerable.Range(0, 500).Select(_ => Enumerable.Range(0, Bands).Select(_ => (ulong)random.Next(100)).ToArray()).ToArray();
        var previous = LshIndex.Build(keys, Bands);
        var updated = LshIndex.Update(keys, Bands, previous.Renumbered([.. Enumerable.Range(0, 500)]), new bool[500]);
        CollectionAssert.AreEqual(previous.Pairs().ToArray(), updated.Pairs().ToArray());
    }

    [TestMethod]
    public void BucketsOfAnotherBandCountAreRefused()
    {
        var keys = new[] { new ulong[] { 1, 2 }, [1, 3] };
        var previous = LshIndex.Build(keys, 2);
        Assert.ThrowsExactly<ArgumentException>(() => LshIndex.Update([[1, 2, 3]], 3, previous, [true]));
    }
}
