using DatasetBuild.Core.Operators.Dedup.Near;

namespace DatasetBuild.Tests.NearDup;

[TestClass]
public sealed class NearDuplicateClustersTests
{
    private static readonly string Base = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"word{i}"));

    [TestMethod]
    public void KeepFirstKeepsTheEarliestAndKeepLongestTheLongest()
    {
        string[] texts = [Base, "unrelated text about something else entirely and more", Base + " plus a longer tail"];
        var first = Run(texts, new NearDuplicateOptions());
        CollectionAssert.AreEqual(new[] { -1, -1, 0 }, first.DuplicateOf.ToArray());
        var longest = Run(texts, new NearDuplicateOptions { Keep = NearDuplicateKeep.Longest });
        CollectionAssert.AreEqual(new[] { 2, -1, -1 }, longest.DuplicateOf.ToArray());
        Assert.AreEqual(1, longest.Clusters);
        Assert.AreEqual(1, longest.Duplicates);
    }

    [TestMethod]
    public void KeepLongestBreaksTiesByTheLowestIndex()
    {
        string[] texts = ["zzz " + Base, Base + " zzz", Base];
        var result = Run(texts, new NearDuplicateOptions { Keep = NearDuplicateKeep.Longest, Threshold = 0.7 });
        CollectionAssert.AreEqual(new[] { -1, 0, 0 }, result.DuplicateOf.ToArray());
    }

    [TestMethod]
    public void EmptyTextsAreNeverDuplicates()
    {
        string[] texts = ["", " ", "", Base, Base];
        var sketcher = new NearDuplicateSketcher(new NearDuplicateOptions());
        Assert.AreEqual(0, sketcher.BandKeysOf("").Length);
        var result = Run(texts, new NearDuplicateOptions());
        CollectionAssert.AreEqual(new[] { -1, -1, -1, -1, 3 }, result.DuplicateOf.ToArray());
    }

    [TestMethod]
    public void ClustersAreTransitive()
    {
        // Each text drops the first 10 words of the previous one and adds 10 new ones: neighbours are
        // similar (about 0.8) but the first and the last are not, and still share a cluster.
        var words = Enumerable.Range(0, 140).Select(i => $"w{i}").ToArray();
        var texts = Enumerable.Range(0, 3).Select(step => string.Join(' ', words.Skip(step * 10).Take(100))).ToArray();
        var options = new NearDuplicateOptions { Threshold = 0.75 };
        var result = Run(texts, options);
        var sketcher = new NearDuplicateSketcher(options);
        var sets = texts.Select(t => sketcher.ShingleSetOf(t)).ToArray();
        Assert.IsTrue(Jaccard.Of(sets[0], sets[2]) < 0.75);
        CollectionAssert.AreEqual(new[] { -1, 0, 0 }, result.DuplicateOf.ToArray());
        Assert.AreEqual(2, result.AcceptedPairs.Count);
    }

    [TestMethod]
    public void CharShinglesCatchTyposInShortTexts()
    {
        string[] texts = ["reset my password please", "reset my pasword please", "cancel my subscription today"];
        var result = Run(texts, new NearDuplicateOptions { Unit = ShingleUnit.Char, NGram = 3, Threshold = 0.7 });
        CollectionAssert.AreEqual(new[] { -1, 0, -1 }, result.DuplicateOf.ToArray());
        var words = Run(texts, new NearDuplicateOptions { Threshold = 0.7 });
        CollectionAssert.AreEqual(new[] { -1, -1, -1 }, words.DuplicateOf.ToArray(), "as word 5-grams the typo changes the only shingle");
    }

    [TestMethod]
    public void ShingleSetsAreFetchedOnceEachInAscendingOrder()
    {
        string[] texts = [Base, "other", Base + " x", "more other", Base + " y", Base];
        var options = new NearDuplicateOptions();
        var sketcher = new NearDuplicateSketcher(options);
        var fetched = new List<int>();
        var result = NearDuplicateClusters.Find(
            BandKeyTable.From([.. texts.Select(t => sketcher.BandKeysOf(t))], options.ResolveLsh().Bands),
            options,
            shingleSetOf: i =>
            {
                fetched.Add(i);
                return sketcher.ShingleSetOf(texts[i]);
            });
        CollectionAssert.AreEqual(new[] { 0, 2, 4, 5 }, fetched);
        CollectionAssert.AreEqual(new[] { -1, -1, 0, -1, 0, 0 }, result.DuplicateOf.ToArray());
    }

    [TestMethod]
    public void ABucketLargerThanTheLimitPairsWithItsFirstMemberAndNeighbours()
    {
        var keys = Enumerable.Range(0, 300).Select(_ => new ulong[] { 7, 8 }).ToArray();
        var capped = LshIndex.FindCandidates(keys, bands: 2, bucketLimit: 128);
        Assert.AreEqual(299 + 298, capped.Count, "star around record 0 and a chain of neighbours");
        Assert.IsTrue(capped.Contains(new RecordPair(0, 299)) && capped.Contains(new RecordPair(41, 42)));
        var complete = LshIndex.FindCandidates(keys[..100], bands: 2, bucketLimit: 128);
        Assert.AreEqual(100 * 99 / 2, complete.Count);

        var texts = Enumerable.Repeat(Base, 300).ToArray();
        var result = Run(texts, new NearDuplicateOptions());
        Assert.AreEqual(1, result.Clusters);
        Assert.IsTrue(result.DuplicateOf.Skip(1).All(kept => kept == 0));
    }

    [TestMethod]
    public void CandidatesAreOrderedByTheLaterRecordAndDoNotDependOnParallelism()
    {
        var random = new Random(5);
        var keys = Enumerable.Range(0, 2000).Select(_ => Enumerable.Range(0, 6).Select(_ => (ulong)random.Next(400)).ToArray()).ToArray();
        var one = LshIndex.FindCandidates(keys, 6, maxDegreeOfParallelism: 1).ToArray();
        var two = LshIndex.FindCandidates(keys, 6, maxDegreeOfParallelism: 2).ToArray();
        CollectionAssert.AreEqual(one, two);
        Assert.IsTrue(one.All(p => p.Earlier < p.Later));
        CollectionAssert.AreEqual(one.OrderBy(p => p.Later).ThenBy(p => p.Earlier).Distinct().ToArray(), one);
    }

    [TestMethod]
    public void UnionFindPrefersTheCallersMemberWhateverTheOrderOfUnions()
    {
        var forward = new UnionFind(6);
        forward.Union(0, 1);
        forward.Union(1, 2);
        forward.Union(4, 5);
        var backward = new UnionFind(6);
        backward.Union(5, 4);
        backward.Union(2, 1);
        backward.Union(1, 0);
        Assert.IsFalse(backward.Union(0, 2), "already one set");
        var largestFirst = Comparer<int>.Create((a, b) => b.CompareTo(a));
        CollectionAssert.AreEqual(new[] { 2, 2, 2, 3, 5, 5 }, forward.PreferredMembers(largestFirst));
        CollectionAssert.AreEqual(forward.PreferredMembers(largestFirst), backward.PreferredMembers(largestFirst));
        CollectionAssert.AreEqual(new[] { 0, 0, 0, 3, 4, 4 }, backward.PreferredMembers(Comparer<int>.Default));
        Assert.AreEqual(3, backward.SizeOf(2));
    }

    private static NearDuplicateResult Run(IReadOnlyList<string> texts, NearDuplicateOptions options)
    {
        var sketcher = new NearDuplicateSketcher(options);
        return NearDuplicateClusters.Find(
            BandKeyTable.From([.. texts.Select(t => sketcher.BandKeysOf(t))], options.ResolveLsh().Bands),
            options,
            shingleSetOf: i => sketcher.ShingleSetOf(texts[i]),
            lengthOf: i => texts[i].Length);
    }
}
