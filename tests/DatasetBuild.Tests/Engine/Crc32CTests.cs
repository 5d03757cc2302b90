using System.Numerics;
using DatasetBuild.Core.IO;

namespace DatasetBuild.Tests.Engine;

[TestClass]
public sealed class Crc32CTests
{
    [TestMethod]
    public void TheCheckValueIsCastagnolis()
    {
        Assert.AreEqual(0xE3069283u, Crc32C.Of("123456789"u8));
        Assert.AreEqual(0u, Crc32C.Of([]));
        var fresh = default(Crc32C); // a field never assigned starts like new()
        fresh.Append("123456789"u8);
        Assert.AreEqual(0xE3069283u, fresh.Value);
    }

    [TestMethod]
    public void AnyLengthAndAnySplitGiveTheByteByByteValue()
    {
        var data = new byte[1000];
        new Random(7).NextBytes(data);
        for (var length = 0; length < 70; length++)
        {
            var reference = uint.MaxValue;
            foreach (var b in data.AsSpan(3, length))
            {
                reference = BitOperations.Crc32C(reference, b);
            }

            Assert.AreEqual(~reference, Crc32C.Of(data.AsSpan(3, length)), $"length {length}");
        }

        var whole = Crc32C.Of(data);
        foreach (var split in new[] { 1, 7, 8, 9, 500, 999 })
        {
            var crc = new Crc32C();
            crc.Append(data.AsSpan(0, split));
            crc.Append(data.AsSpan(split));
            Assert.AreEqual(whole, crc.Value, $"split at {split}");
        }
    }
}
