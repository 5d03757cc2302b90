using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Cli;

[TestClass]
[DoNotParallelize]
public sealed class DsbCommandTests
{
    private static (int Exit, string Out, string Err) Dsb(params string[] args) => DsbRunner.Run(args);

    private static TempDirectory BuiltProject()
    {
        var dir = new TempDirectory();
        dir.Write("dataset.yaml", SpecText.Minimal);
        dir.Write("data/a.jsonl", "{\"text\": \"hello there\", \"label\": \"x\"}\n");
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        return dir;
    }

    [TestMethod]
    public void HelpListsTheCommands()
    {
        var (exit, output, _) = Dsb("--help");
        Assert.AreEqual(0, exit);
        StringAssert.Contains(output, "check");
        StringAssert.Contains(output, "verify");
    }

    [TestMethod]
    public void VerifyReproducesALockedVersion()
    {
        using var dir = BuiltProject();
        var (exit, output, error) = Dsb("verify", "--project", dir.Path);
        Assert.AreEqual(0, exit, error);
        StringAssert.Contains(output, "tiny 1.0.0 reproduces: 1 records");
    }

    [TestMethod]
    public void VerifyFailsOnDriftNamingTheFile()
    {
        using var dir = BuiltProject();
        dir.Write("data/a.jsonl", "{\"text\": \"hello again\", \"label\": \"x\"}\n");
        var (exit, _, error) = Dsb("verify", "--project", dir.Path);
        Assert.AreEqual(1, exit);
        StringAssert.Contains(error, "error DSB4005: source file data/a.jsonl differs from the lock");
    }

    [TestMethod]
    public void VerifyWithoutALockSaysSo()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", SpecText.Minimal);
        var (exit, _, error) = Dsb("verify", "--project", dir.Path);
        Assert.AreEqual(1, exit);
        StringAssert.Contains(error, "DSB4003");
    }

    [TestMethod]
    public void CheckReportsLocatedErrors()
    {
        using var dir = new TempDirectory();
        var spec = dir.Write("dataset.yaml", SpecText.Minimal.Replace("name: tiny", "nme: tiny"));
        var (exit, _, error) = Dsb("check", spec);
        Assert.AreEqual(1, exit);
        StringAssert.Contains(error, "dataset.yaml(1,1): error DSB1003: unknown key 'nme' in the spec; did you mean 'name'?");
    }
}
