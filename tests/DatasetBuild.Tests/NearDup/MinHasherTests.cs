using DatasetBuild.Core.Operators.Dedup.Near;

namespace DatasetBuild.Tests.NearDup;

[TestClass]
public sealed class MinHasherTests
{
    private const string Text = "the quick brown fox jumps over the lazy dog and keeps running through the forest";

    /// <summary>
    /// Pins the hash family: shingle hashing, the permutations and the band keys. These values are cached
    /// per source file, so they must not change across machines, vector widths or releases; if this test
    /// fails, the engine version (and every cache) has to change with it.
    /// </summary>
    [TestMethod]
    public void SignatureAndBandKeysOfAFixedTextArePinned()
    {
        var options = new NearDuplicateOptions();
        var sketcher = new NearDuplicateSketcher(options);
        var signature = sketcher.SignatureOf(Text).ToArray();
        var keys = sketcher.BandKeysOf(Text);
        CollectionAssert.AreEqual(new uint[] { 220052026, 188124439, 259135574, 422333348, 497559512, 907529688, 294185396, 217350038 }, signature.Take(8).ToArray());
        CollectionAssert.AreEqual(new ulong[] { 0x7F330CB33B0BFE30, 0x27BAAF24BCD4534B, 0x9C37E99DFB9FCE4F }, keys.Take(3).ToArray());
    }

    [TestMethod]
    public void VectorAndScalarPermutationsAgree()
    {
        // 128 permutations run four vectors at a time, 45 mix vectors and a scalar tail, 7 are all scalar;
        // the permutation keys are one seeded stream, so every signature is a prefix of the longest.
        var shingles = new Shingler(ShingleUnit.Word, 5, 42).Hashes(Text).ToArray();
        var full = new MinHasher(128, 42).Sign(shingles);
        foreach (var permutations in new[] { 1, 7, 8, 9, 37, 45, 64, 100 })
        {
            CollectionAssert.AreEqual(full.Take(permutations).ToArray(), new MinHasher(permutations, 42).Sign(shingles), $"{permutations} permutations");
        }
    }

    [TestMethod]
    public void RepeatsAndOrderDoNotChangeTheSignature()
    {
        var hasher = new MinHasher(64, 1);
        ulong[] set = [5, 1, 99, 1UL << 40, ulong.MaxValue];
        CollectionAssert.AreEqual(hasher.Sign(set), hasher.Sign([.. set.Reverse(), .. set]));
    }

    [TestMethod]
    public void TheSeedChangesThePermutations()
    {
        ulong[] set = [1, 2, 3];
        CollectionAssert.AreNotEqual(new MinHasher(16, 1).Sign(set), new MinHasher(16, 2).Sign(set));
    }

    [TestMethod]
    public void AnEmptySetHasTheMaximalSignature()
    {
        Assert.IsTrue(new MinHasher(20, 3).Sign([]).All(v => v == uint.MaxValue));
    }
}
