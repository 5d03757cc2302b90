using DatasetBuild.Core.IO;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Engine;

/// <summary>Read-ahead: files the page cache dropped are read back when a stage hints that it needs them.</summary>
[TestClass]
public sealed class ReadAheadTests
{
    [TestMethod]
    public void AFileDroppedFromThePageCacheIsReadBackWhenHinted()
    {
        using var dir = new TempDirectory();
        var path = DroppedFile(dir, "keys.dsbc");

        Assert.IsTrue(ReadAhead.Files([dir.Combine("missing.dsbc"), path]), "a dropped file is hinted");

        Assert.IsTrue(WaitUntil(() => PageCache.Resident(path).All(p => p)), "the hint reads every page back");
    }

    [TestMethod]
    public void ATailHintReadsTheEndOfTheFileOnly()
    {
        using var dir = new TempDirectory();
        var path = DroppedFile(dir, "entry.dsbc");

        Assert.IsTrue(ReadAhead.Tails([path], 64 << 10), "a dropped file is hinted");

        // The tail's pages (the cache probe itself reads the last one).
        var tail = Math.Max(1, (64 << 10) / Environment.SystemPageSize);
        Assert.IsTrue(WaitUntil(() => PageCache.Resident(path)[^tail..].All(p => p)), "the tail's pages are read");
        Assert.IsFalse(PageCache.Resident(path)[0], "the start of the file is not");
    }

    [TestMethod]
    public void TheCacheProbeTellsAFileInTheCacheFromOneThatIsNot()
    {
        using var dir = new TempDirectory();
        var path = DroppedFile(dir, "entry.dsbc");
        if (ReadAhead.IsCached(path) is not { } cached)
        {
            Assert.Inconclusive("this file system cannot tell (no RWF_NOWAIT)");
            return;
        }

        Assert.IsFalse(cached);
        File.ReadAllBytes(path);

        Assert.AreEqual(true, ReadAhead.IsCached(path));
        Assert.IsNull(ReadAhead.IsCached(dir.Combine("gone")), "a missing file cannot be told, and gets no hint");
    }

    [TestMethod]
    public void FilesInThePageCacheGetNoHint()
    {
        using var dir = new TempDirectory();
        var paths = Enumerable.Range(0, 5).Select(i => dir.Write($"cache/{i}.dsbc", new string('x', 10_000))).ToList();
        foreach (var path in paths)
        {
            File.ReadAllBytes(path);
        }

        Assert.IsFalse(ReadAhead.Files(paths), "whole files");
        Assert.IsFalse(ReadAhead.Tails(paths, 40), "tails");
    }

    [TestMethod]
    public void NoFilesOrMissingFilesAreNoError()
    {
        using var dir = new TempDirectory();
        ReadAhead.Files([]);
        ReadAhead.Tails([dir.Combine("gone")], 40);
        Assert.IsFalse(File.Exists(dir.Combine("gone")));
    }

    /// <summary>A 4 MB file written to disk and dropped from the page cache (inconclusive where pages cannot be dropped).</summary>
    private static string DroppedFile(TempDirectory dir, string name)
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Inconclusive("posix_fadvise and mincore are Linux's");
        }

        var path = dir.Combine(name);
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write))
        {
            file.Write([.. Enumerable.Range(0, 4 << 20).Select(i => (byte)i)]);
            file.Flush(flushToDisk: true);
        }

        using (var handle = File.OpenHandle(path))
        {
            FileAdvice.Give(handle, 0, 0, FileAdvice.DontNeed);
        }

        if (PageCache.Resident(path).Any(p => p))
        {
            Assert.Inconclusive("this file system keeps the file's pages (tmpfs?)");
        }

        return path;
    }

    private static bool WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(10);
        }

        return true;
    }
}
