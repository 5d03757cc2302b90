using DatasetBuild.Core.IO;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Engine;

[TestClass]
public sealed class PublishLockTests
{
    [TestMethod]
    public void OneFolderHasOneLockHoweverItIsNamed()
    {
        using var dir = new TempDirectory();
        var cache = dir.Combine("cache");
        var folder = Directory.CreateDirectory(dir.Combine("out/dataset")).FullName;
        Directory.CreateSymbolicLink(dir.Combine("link"), dir.Combine("out"));
        var path = PublishLock.PathFor(cache, folder);
        StringAssert.StartsWith(path, Path.Combine(cache, "publish") + Path.DirectorySeparatorChar);
        Assert.AreEqual(path, PublishLock.PathFor(cache, folder + Path.DirectorySeparatorChar), "a trailing separator");
        Assert.AreEqual(path, PublishLock.PathFor(cache, dir.Combine("out/x/../dataset")), "a path with ..");
        Assert.AreEqual(path, PublishLock.PathFor(cache, dir.Combine("link/dataset")), "a path through a symbolic link");
        Assert.AreNotEqual(path, PublishLock.PathFor(cache, dir.Combine("out/other")));
    }

    [TestMethod]
    public void TheLockIsExclusiveAndLeavesTheFolderEmpty()
    {
        using var dir = new TempDirectory();
        var folder = dir.Combine("out");
        using (PublishLock.Acquire(dir.Combine("cache"), folder, TimeSpan.FromSeconds(5)))
        {
            Assert.ThrowsExactly<IOException>(() => PublishLock.Acquire(dir.Combine("cache"), folder, TimeSpan.Zero).Dispose(), "a second build waits, and gives up at its deadline");
            Assert.IsFalse(Directory.EnumerateFileSystemEntries(folder).Any(), "nothing in the published folder");
        }

        PublishLock.Acquire(dir.Combine("cache"), folder, TimeSpan.Zero).Dispose();
    }
}
