using System.Buffers;
using System.Security.Cryptography;
using DatasetBuild.Core.IO;

namespace DatasetBuild.Tests.Engine;

/// <summary>The output files' SHA-256, computed on another thread from copied bytes and from buffers handed over as they are.</summary>
[TestClass]
public sealed class BackgroundSha256Tests
{
    [TestMethod]
    public void CopiedBytesAndHandedOverBuffersHashInTheOrderAppended()
    {
        var parts = Enumerable.Range(0, 12).Select(i =>
        {
            var bytes = new byte[((i * 97_331) % 2_500_000) + 1];
            new Random(i).NextBytes(bytes);
            return bytes;
        }).ToList();

        using var hash = new BackgroundSha256();
        for (var i = 0; i < parts.Count; i++)
        {
            if (i % 3 == 0)
            {
                var pooled = ArrayPool<byte>.Shared.Rent(parts[i].Length);
                parts[i].CopyTo(pooled, 0);
                hash.AppendOwned(pooled, parts[i].Length);
            }
            else
            {
                hash.Append(parts[i]);
            }
        }

        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(parts.SelectMany(p => p).ToArray())), hash.Finish());
    }
}
