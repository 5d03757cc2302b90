using DatasetBuild.Tasks;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Tasks;

[TestClass]
public sealed class TaskTests
{
    [TestMethod]
    public void ResolveDatasetSpecLogsLocatedSpecErrors()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("dataset.yaml", SpecText.Minimal.Replace("license: MIT", "licence: MIT"));
        var engine = new FakeBuildEngine();
        var task = new ResolveDatasetSpec { BuildEngine = engine, SpecFile = spec, SourcesFile = dir.Combine("obj/sources.g.props") };
        Assert.IsFalse(task.Execute());
        var codes = engine.Errors.Select(e => e.Code).ToList();
        CollectionAssert.Contains(codes, "DSB1003");
        var unknown = engine.Errors.First(e => e.Code == "DSB1003");
        Assert.AreEqual(spec, unknown.File);
        Assert.AreEqual(9, unknown.LineNumber);
        Assert.AreEqual(5, unknown.ColumnNumber);
        StringAssert.Contains(unknown.Message, "did you mean 'license'?");
    }

    [TestMethod]
    public void ResolveDatasetSpecReportsGlobsThatMatchNothing()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("dataset.yaml", SpecText.Minimal);
        var engine = new FakeBuildEngine();
        var task = new ResolveDatasetSpec { BuildEngine = engine, SpecFile = spec, SourcesFile = dir.Combine("obj/sources.g.props") };
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("DSB2001", engine.Errors.Single().Code);
        Assert.AreEqual(8, engine.Errors.Single().LineNumber);
    }

    [TestMethod]
    public void ResolveDatasetSpecListsSourcesAndWritesTheGlobFile()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("dataset.yaml", SpecText.Minimal);
        dir.Write("data/b.jsonl", "{}");
        dir.Write("data/a.jsonl", "{}");
        var task = new ResolveDatasetSpec { BuildEngine = new FakeBuildEngine(), SpecFile = spec, SourcesFile = dir.Combine("obj/sources.g.props") };
        Assert.IsTrue(task.Execute());
        CollectionAssert.AreEqual(
            new[] { dir.Combine("data/a.jsonl"), dir.Combine("data/b.jsonl") },
            task.SourceFiles.Select(f => f.ItemSpec).ToArray());
        StringAssert.Contains(File.ReadAllText(dir.Combine("obj/sources.g.props")), "data/*.jsonl");
    }

    [TestMethod]
    public void RunDatasetStageReportsStageOrderErrors()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("dataset.yaml", SpecText.Minimal);
        dir.Write("data/a.jsonl", "{\"text\": \"x\"}");
        var engine = new FakeBuildEngine();
        var task = new RunDatasetStage
        {
            BuildEngine = engine, Stage = "filter", SpecFile = spec,
            StateDirectory = dir.Combine("obj/state"), CacheDirectory = dir.Combine("obj/cache"), OutputDirectory = dir.Combine("out"),
        };
        Assert.IsFalse(task.Execute());
        Assert.AreEqual("DSB4002", engine.Errors.Single().Code);
    }
}
