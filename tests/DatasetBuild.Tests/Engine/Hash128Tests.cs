using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using DatasetBuild.Core.IO;

namespace DatasetBuild.Tests.Engine;

[TestClass]
public sealed class Hash128Tests
{
    // Cached dedup keys, tallies and record indexes hold these values: they must be the ones UInt128 gave.
    [TestMethod]
    public void HashesAreTheValuesXxHash128GivesAsUInt128()
    {
        foreach (var text in new[] { "", "a", "the quick brown fox", new string('x', 1000) })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var expected = XxHash128.HashToUInt128(bytes);
            var actual = Hash128.Of(bytes);
            Assert.AreEqual((ulong)(expected >> 64), actual.High, text);
            Assert.AreEqual((ulong)expected, actual.Low, text);

            var hasher = new XxHash128();
            hasher.Append(bytes);
            Assert.AreEqual(Hash128.Of(bytes), Hash128.CurrentOf(hasher));
        }
    }

    [TestMethod]
    public void TheMemoryLayoutIsUInt128s()
    {
        var value = XxHash128.HashToUInt128("layout"u8);
        var hash = Hash128.Of("layout"u8);
        CollectionAssert.AreEqual(MemoryMarshal.AsBytes(new[] { value }.AsSpan()).ToArray(), MemoryMarshal.AsBytes(new[] { hash }.AsSpan()).ToArray());
    }

    [TestMethod]
    public void ParsesTheFirst32HexDigits()
    {
        const string sha = "0123456789abcdefFEDCBA98765432100000000000000000000000000000000f";
        var expected = UInt128.Parse(sha[..32], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var hash = Hash128.ParseHex(sha);
        Assert.AreEqual(new Hash128((ulong)(expected >> 64), (ulong)expected), hash);
        Assert.AreEqual("0123456789abcdeffedcba9876543210", hash.ToString());
        Assert.AreNotEqual(hash, Hash128.ParseHex("0123456789abcdeffedcba9876543211"));
    }
}
