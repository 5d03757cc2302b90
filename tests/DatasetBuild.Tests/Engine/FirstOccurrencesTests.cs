using DatasetBuild.Core.Engine.Stages;
using DatasetBuild.Core.IO;

namespace DatasetBuild.Tests.Engine;

[TestClass]
public sealed class FirstOccurrencesTests
{
    [TestMethod]
    public void EachRecordPointsAtTheFirstRecordWithItsKey()
    {
        var a = Hash128.Of("a"u8);
        var b = Hash128.Of("b"u8);
        Hash128?[] keys = [a, null, b, a, b, null, a];
        CollectionAssert.AreEqual(new[] { 0, -1, 2, 0, 2, -1, 0 }, FirstOccurrences.Of(keys));
    }

    [TestMethod]
    public void KeysThatShareTheirSlotAndTagAreStillTold()
    {
        // Same low half (same slot), same top 32 bits (same tag): only the whole key tells them apart.
        var first = new Hash128(0xAAAA_BBBB_0000_0001, 42);
        var second = new Hash128(0xAAAA_BBBB_0000_0002, 42);
        Hash128?[] keys = [first, second, second, first];
        CollectionAssert.AreEqual(new[] { 0, 1, 1, 0 }, FirstOccurrences.Of(keys));
    }

    [TestMethod]
    public void AMillionDistinctKeysAreAllFirsts()
    {
        var keys = Enumerable.Range(0, 1_000_000).Select(i => (Hash128?)Hash128.Of(BitConverter.GetBytes(i))).ToArray();
        var first = FirstOccurrences.Of(keys);
        for (var n = 0; n < first.Length; n++)
        {
            Assert.AreEqual(n, first[n]);
        }
    }
}
