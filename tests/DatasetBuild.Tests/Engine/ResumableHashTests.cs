using System.Buffers;
using System.Security.Cryptography;
using DatasetBuild.Core.IO;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Engine;

/// <summary>
/// The pieces that let emit reuse a published file: a SHA-256 that resumes from a saved state, checkpoints taken by the
/// background hash between writes, buffers handed to it without a copy, and the copy of a file's first bytes.
/// </summary>
[TestClass]
public sealed class ResumableHashTests
{
    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [TestMethod]
    public void AHashResumedFromASavedStateIsTheHashOfTheWhole()
    {
        if (!ResumableSha256.IsAvailable)
        {
            Assert.Inconclusive("no libcrypto here: emit hashes whole files (the fallback the other tests cover)");
        }

        var bytes = Bytes(1_000_003, 1);
        foreach (var cut in new[] { 0, 1, 63, 64, 65, 500_000, bytes.Length })
        {
            var first = new ResumableSha256();
            first.Append(bytes.AsSpan(0, cut));
            var state = first.SaveState();
            Assert.HasCount(ResumableSha256.StateSize, state);

            var resumed = new ResumableSha256(state);
            resumed.Append(bytes.AsSpan(cut));
            CollectionAssert.AreEqual(SHA256.HashData(bytes), resumed.Finish(), $"cut at {cut}");
        }
    }

    [TestMethod]
    public void BackgroundCheckpointsAndOwnedBuffersGiveTheHashOfEverythingInOrder()
    {
        var parts = Enumerable.Range(0, 12).Select(i => Bytes((i * 97_331) % 2_500_000 + 1, i)).ToList();
        var whole = parts.SelectMany(p => p).ToArray();
        byte[][] states;
        using (var hash = new BackgroundSha256())
        {
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

                hash.Checkpoint();
            }

            Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(whole)), hash.Finish());
            states = [.. hash.States ?? []];
        }

        if (!ResumableSha256.IsAvailable)
        {
            Assert.IsEmpty(states);
            return;
        }

        // Resuming after part 5 and appending the rest gives the same hash.
        Assert.HasCount(parts.Count, states);
        using var resumed = new BackgroundSha256(states[5]);
        foreach (var part in parts.Skip(6))
        {
            resumed.Append(part);
        }

        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(whole)), resumed.Finish());
    }

    [TestMethod]
    public void CopyingAPrefixCopiesExactlyThoseBytes()
    {
        using var dir = new TempDirectory();
        var bytes = Bytes(3_000_001, 7);
        var source = dir.Combine("source.bin");
        File.WriteAllBytes(source, bytes);
        foreach (var length in new long[] { 0, 1, 1 << 20, bytes.Length - 1, bytes.Length })
        {
            var target = dir.Combine($"copy-{length}.bin");
            using (var from = File.OpenHandle(source))
            using (var to = File.OpenHandle(target, FileMode.CreateNew, FileAccess.Write))
            {
                FileRangeCopy.CopyPrefix(from, to, length);
            }

            CollectionAssert.AreEqual(bytes.AsSpan(0, (int)length).ToArray(), File.ReadAllBytes(target), $"{length} bytes");
        }

        using var shortSource = File.OpenHandle(source);
        using var tooLong = File.OpenHandle(dir.Combine("too-long.bin"), FileMode.CreateNew, FileAccess.Write);
        Assert.ThrowsExactly<IOException>(() => FileRangeCopy.CopyPrefix(shortSource, tooLong, bytes.Length + 10L));
    }
}
