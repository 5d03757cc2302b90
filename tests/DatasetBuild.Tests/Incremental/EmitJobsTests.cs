using DatasetBuild.Core.Engine;
using DatasetBuild.Core.Engine.Stages.Emit;

namespace DatasetBuild.Tests.Incremental;

[TestClass]
public sealed class EmitJobsTests
{
    private static FileState File(Random random, int records)
    {
        var hash = new byte[16];
        random.NextBytes(hash);
        return new FileState { IngestHash = Convert.ToHexStringLower(hash), Records = records, Path = $"f{random.Next()}" };
    }

    /// <summary>Each job as the ingest hashes of its files, so jobs compare by membership.</summary>
    private static HashSet<string> Jobs(List<FileState> files) =>
        EmitJobs.Plan(files).Select(j => string.Join(",", j.Files.Select(i => files[i].IngestHash))).ToHashSet();

    [TestMethod]
    [DataRow(1000, 1000)]
    [DataRow(300, 3833)]
    [DataRow(5000, 10)]
    public void AddingAFileChangesOnlyTheJobItFallsInAndAtMostOneNeighbour(int count, int records)
    {
        var random = new Random(count);
        var files = Enumerable.Range(0, count).Select(_ => File(random, records)).ToList();
        var before = Jobs(files);
        Assert.IsGreaterThan(1, before.Count);
        for (var trial = 0; trial < 20; trial++)
        {
            var grown = files.ToList();
            grown.Insert(random.Next(grown.Count + 1), File(random, records));
            var after = Jobs(grown);
            var removedJobs = before.Except(after).Count();
            var newJobs = after.Except(before).Count();
            Assert.IsLessThanOrEqualTo(1, removedJobs, "one job absorbs the new file");
            Assert.IsLessThanOrEqualTo(2, newJobs, "the new file joins a job, or splits one in two");
        }
    }

    [TestMethod]
    public void JobsHoldAboutTheTargetRecordsAndCoverEveryFileOnce()
    {
        var random = new Random(7);
        var files = Enumerable.Range(0, 4000).Select(_ => File(random, 100)).ToList();
        var jobs = EmitJobs.Plan(files);
        CollectionAssert.AreEqual(Enumerable.Range(0, files.Count).ToList(), jobs.SelectMany(j => j.Files).ToList());
        var mean = files.Sum(f => f.Records) / (double)jobs.Count;
        Assert.IsTrue(mean > EmitJobs.TargetRecords / 2.0 && mean < EmitJobs.TargetRecords * 2.0, $"mean job of {mean:F0} records");
        Assert.IsTrue(EmitJobs.Plan([.. files.Take(1)]).Count == 1);
        Assert.AreEqual(0, EmitJobs.Plan([]).Count);
    }

    [TestMethod]
    public void AFileOfTheTargetSizeOrMoreIsAJobOfItsOwn()
    {
        var random = new Random(3);
        var files = new List<FileState> { File(random, 10), File(random, EmitJobs.TargetRecords * 10), File(random, 10) };
        var jobs = EmitJobs.Plan(files);
        Assert.IsTrue(jobs.Any(j => j.First == 1 && j.Count == 1) || jobs.Any(j => j.Files.Last() == 1 && j.Files.Contains(1)));
        Assert.IsTrue(jobs.All(j => !j.Files.Contains(1) || j.Files.Last() == 1), "a job ends after the big file");
    }
}
