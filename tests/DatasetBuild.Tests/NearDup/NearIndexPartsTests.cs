using DatasetBuild.Core.Operators.Dedup.Near;

namespace DatasetBuild.Tests.NearDup;

/// <summary>The small structures the incremental near pass stands on: the key set, the pair similarities and the key table.</summary>
[TestClass]
public sealed class NearIndexPartsTests
{
    [TestMethod]
    public void TheKeySetAnswersLikeAHashSet()
    {
        var random = new Random(3);
        var added = new HashSet<ulong> { 0, ulong.MaxValue };
        var set = new KeySet();
        set.Add(0);
        set.Add(ulong.MaxValue);
        Assert.IsFalse(set.IsEmpty);
        for (var i = 0; i < 20_000; i++)
        {
            var key = (ulong)random.NextInt64() * 3;
            added.Add(key);
            set.Add(key);
            set.Add(key);
        }

        foreach (var key in added)
        {
            Assert.IsTrue(set.Contains(key));
        }

        var absent = Enumerable.Range(0, 50_000).Select(_ => (ulong)random.NextInt64()).Where(k => !added.Contains(k)).ToList();
        Assert.IsTrue(absent.All(k => !set.Contains(k)));
        Assert.IsTrue(new KeySet().IsEmpty);
        Assert.IsFalse(new KeySet().Contains(0));
    }

    [TestMethod]
    public void PairSimilaritiesAreFoundByPairAndMerged()
    {
        var builder = new PairSimilarities.Builder();
        builder.Add(0, 1, 0.9);
        builder.Add(2, 3, 0.5);
        builder.Add(1, 7, 0.8);
        var a = builder.Build();
        Assert.IsTrue(a.TryGet(1, 7, out var similarity) && similarity == 0.8);
        Assert.IsFalse(a.Contains(0, 3));
        Assert.IsFalse(a.Contains(7, 1), "pairs are (earlier, later)");

        var b = new PairSimilarities.Builder();
        b.Add(0, 3, 0.1);
        b.Add(1, 7, 0.2);
        var merged = PairSimilarities.Merge(a, b.Build());
        Assert.AreEqual(4, merged.Count);
        Assert.IsTrue(merged.TryGet(1, 7, out similarity) && similarity == 0.8, "the first set wins");
        Assert.IsTrue(merged.TryGet(0, 3, out similarity) && similarity == 0.1);

        var forward = merged.Forward();
        Assert.IsTrue(forward.TryGet(0, 1, out similarity) && similarity == 0.9);
        Assert.IsFalse(forward.TryGet(1, 2, out _));
        Assert.IsTrue(forward.TryGet(2, 3, out similarity) && similarity == 0.5);
        Assert.IsTrue(forward.TryGet(1, 7, out similarity) && similarity == 0.8);
        Assert.IsTrue(forward.TryGet(0, 3, out similarity) && similarity == 0.1, "asked out of order: searched");
        Assert.IsFalse(forward.TryGet(6, 9, out _));

        var backwards = new PairSimilarities.Builder();
        backwards.Add(2, 3, 0.5);
        backwards.Add(0, 1, 0.5);
        Assert.ThrowsExactly<ArgumentException>(() => backwards.Build());
    }

    [TestMethod]
    public void TheKeyTableKeepsEachRecordsKeysInOrder()
    {
        var table = BandKeyTable.From([[1, 2], [], [3, 4]], bands: 2);
        table.AddRange([1, 0], [5, 6, 0, 0]);
        table.AddNone(2);
        Assert.AreEqual(7, table.Count);
        CollectionAssert.AreEqual(new ulong[] { 3, 4 }, table.KeysOf(2).ToArray());
        CollectionAssert.AreEqual(new ulong[] { 5, 6 }, table.KeysOf(3).ToArray());
        Assert.IsTrue(table.KeysOf(1).IsEmpty && table.KeysOf(4).IsEmpty && !table.Has(5));

        var only = table.Only(n => n != 0);
        Assert.IsFalse(only.Has(0));
        Assert.AreEqual(4UL, only.KeyAt(2, 1));
        var both = BandKeyTable.Concat(BandKeyTable.From([[9, 9]], 2), only);
        Assert.AreEqual(8, both.Count);
        CollectionAssert.AreEqual(new ulong[] { 5, 6 }, both.KeysOf(4).ToArray());
        Assert.ThrowsExactly<ArgumentException>(() => BandKeyTable.From([[1, 2, 3]], bands: 2));
    }

    [TestMethod]
    public void AKeyTableRefusesMoreRecordsThanOneArrayHolds()
    {
        var table = new BandKeyTable(bands: 14);
        Assert.AreEqual(Array.MaxLength / 14, table.MaxRecords);
        var full = Assert.ThrowsExactly<BandKeyTableFullException>(() => table.EnsureCapacity(table.MaxRecords + 1));
        StringAssert.Contains(full.Message, "14 band keys");
    }
}
