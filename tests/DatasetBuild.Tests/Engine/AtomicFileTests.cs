using DatasetBuild.Core.IO;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Engine;

/// <summary>Publishing outputs: the new bytes replace the old ones whole, and nothing is left behind.</summary>
[TestClass]
public sealed class AtomicFileTests
{
    [TestMethod]
    public void ReplacingAnOutputPublishesTheNewBytesAndReclaimsTheOldOnes()
    {
        using var dir = new TempDirectory();
        var target = dir.Write("data/all.parquet", "old bytes, long enough to differ");
        using (var reader = new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            var temp = AtomicFile.TempPathFor(target);
            File.WriteAllText(temp, "new bytes");
            AtomicFile.ReplaceIfChanged(temp, target);

            Assert.AreEqual("new bytes", File.ReadAllText(target));
            Assert.IsFalse(File.Exists(temp));
            Assert.AreEqual("old bytes, long enough to differ", new StreamReader(reader).ReadToEnd(), "a reader that opened the old file keeps reading it");
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Directory.EnumerateFiles(dir.Combine("data")).Any(AtomicFile.IsOldVersion) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        CollectionAssert.AreEqual(new[] { "all.parquet" }, Directory.EnumerateFiles(dir.Combine("data")).Select(Path.GetFileName).ToArray(), "the old version is deleted in the background");
    }

    [TestMethod]
    public void AFileWrittenWithoutAFlushReplacesTheOldOneAndLeavesNothingBehind()
    {
        using var dir = new TempDirectory();
        var target = dir.Write("out/manifest.json", "{\"old\": true}");
        using (var reader = new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            Assert.IsTrue(AtomicFile.WriteIfChanged(target, "{\"new\": true}"u8.ToArray(), durable: false));
            Assert.AreEqual("{\"new\": true}", File.ReadAllText(target));
            Assert.AreEqual("{\"old\": true}", new StreamReader(reader).ReadToEnd(), "a reader that opened the old file keeps reading it");
        }

        Assert.IsFalse(AtomicFile.WriteIfChanged(target, "{\"new\": true}"u8.ToArray(), durable: false), "the same bytes are not written again");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Directory.EnumerateFiles(dir.Combine("out")).Count() > 1 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        CollectionAssert.AreEqual(new[] { "manifest.json" }, Directory.EnumerateFiles(dir.Combine("out")).Select(Path.GetFileName).ToArray(), "no temporary file nor old version is left");
    }

    [TestMethod]
    public void ReplacingWithTheSameBytesKeepsTheFileAndItsTime()
    {
        using var dir = new TempDirectory();
        var target = dir.Write("out.jsonl", "same");
        var before = File.GetLastWriteTimeUtc(target);
        Thread.Sleep(20);
        var temp = AtomicFile.TempPathFor(target);
        File.WriteAllText(temp, "same");
        AtomicFile.ReplaceIfChanged(temp, target);
        Assert.AreEqual(before, File.GetLastWriteTimeUtc(target));
        Assert.IsFalse(File.Exists(temp));
    }

    [TestMethod]
    public void ReleasingAFilesPagesLeavesItWholeAndIgnoresMissingOnes()
    {
        using var dir = new TempDirectory();
        var bytes = Enumerable.Range(0, 3 << 20).Select(i => (byte)(i * 7)).ToArray();
        var target = dir.Combine("data/all.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllBytes(target, bytes);
        using (var reader = File.OpenRead(target))
        {
            DatasetBuild.Core.IO.OldPagesRelease.Release([target, dir.Combine("data/absent.parquet")]);
            var read = new byte[bytes.Length];
            reader.ReadExactly(read);
            CollectionAssert.AreEqual(bytes, read, "a reader that had the file open reads it whole");
        }

        CollectionAssert.AreEqual(bytes, File.ReadAllBytes(target));
        Assert.IsFalse(File.Exists(dir.Combine("data/absent.parquet")));
    }
}
