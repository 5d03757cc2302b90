using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Engine;
using DatasetBuild.Core.Spec;
using DatasetBuild.Core.Sources;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Spec;

/// <summary>Specs arrive in pull requests from forks: they must not read outside the project or hang the build.</summary>
[TestClass]
public sealed class HostileSpecTests
{
    private static List<Diagnostic> ResolveErrors(TempDirectory dir, bool allowExternal = false)
    {
        var diagnostics = new DiagnosticBag();
        var spec = SpecLoader.Load(dir.Combine("project/dataset.yaml"), diagnostics);
        Assert.IsNotNull(spec, string.Join("\n", diagnostics.Items));
        SourceResolver.Resolve(spec, diagnostics, allowExternal);
        return diagnostics.Items.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
    }

    [TestMethod]
    public void SourcesOutsideTheProjectAreRefusedUnlessAllowed()
    {
        using var dir = new TempDirectory();
        dir.Write("outside/secret.jsonl", "{\"text\": \"secret\"}\n");
        dir.Write("project/dataset.yaml", SpecText.Minimal.Replace("data/*.jsonl", "../outside/*.jsonl"));
        var error = ResolveErrors(dir).Single();
        Assert.AreEqual(DiagnosticCodes.SpecExternalPath, error.Code);
        Assert.AreEqual(8, error.Line);
        StringAssert.Contains(error.Message, "DatasetAllowExternalPaths=true");
        Assert.IsEmpty(ResolveErrors(dir, allowExternal: true));
    }

    [TestMethod]
    public void SymbolicLinksOutOfTheProjectAreRefused()
    {
        using var dir = new TempDirectory();
        dir.Write("outside/secret.jsonl", "{\"text\": \"secret\"}\n");
        dir.Write("project/dataset.yaml", SpecText.Minimal);
        Directory.CreateDirectory(dir.Combine("project/data"));
        File.CreateSymbolicLink(dir.Combine("project/data/linked.jsonl"), dir.Combine("outside/secret.jsonl"));
        var error = ResolveErrors(dir).Single();
        Assert.AreEqual(DiagnosticCodes.SpecExternalPath, error.Code);
        StringAssert.Contains(error.Message, "symbolic link");
    }

    [TestMethod]
    public void TheBuildRefusesExternalSourcesToo()
    {
        using var dir = new TempDirectory();
        dir.Write("outside/secret.jsonl", "{\"text\": \"secret\"}\n");
        dir.Write("project/dataset.yaml", SpecText.Minimal.Replace("data/*.jsonl", "../outside/*.jsonl"));
        var result = DatasetPipeline.RunAll(new DatasetPipeline.Options(dir.Combine("project/dataset.yaml"), dir.Combine("state"), dir.Combine("cache"), dir.Combine("out")));
        Assert.AreEqual(DiagnosticCodes.SpecExternalPath, result.Diagnostics.Items.Single(d => d.Severity == DiagnosticSeverity.Error).Code);
        Assert.IsFalse(Directory.Exists(dir.Combine("out")), "nothing was read or written");
    }

    [TestMethod]
    public void AliasBombIsRefused()
    {
        var bomb = """
            a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
            b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
            c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
            d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
            e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
            f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
            g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
            h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
            i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
            """;
        var diagnostics = new DiagnosticBag();
        Assert.IsNull(SpecLoader.Parse(bomb, "dataset.yaml", diagnostics));
        Assert.AreEqual(DiagnosticCodes.SpecRefused, diagnostics.Items.Single().Code);
        StringAssert.Contains(diagnostics.Items.Single().Message, "aliases");
        Assert.AreEqual(6, diagnostics.Items.Single().Line, "refused where the expansion passes the limit");
    }

    [TestMethod]
    public void DeepNestingIsRefusedWithoutAStackOverflow()
    {
        var deep = "name: " + new string('[', 100_000) + new string(']', 100_000);
        var diagnostics = new DiagnosticBag();
        Assert.IsNull(SpecLoader.Parse(deep, "dataset.yaml", diagnostics));
        Assert.IsTrue(diagnostics.Items.Any(d => d.Code is DiagnosticCodes.SpecRefused or DiagnosticCodes.SpecSyntax), string.Join("\n", diagnostics.Items));
    }

    [TestMethod]
    public void HugeSpecsAreRefusedBeforeParsing()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("dataset.yaml", "name: x\ndescription: " + new string('a', 5 << 20) + "\n");
        var diagnostics = new DiagnosticBag();
        Assert.IsNull(SpecLoader.Load(path, diagnostics));
        Assert.AreEqual(DiagnosticCodes.SpecRefused, diagnostics.Items.Single().Code);
    }

    [TestMethod]
    public void PathologicalRegexTimesOutInsteadOfHanging()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", SpecText.Minimal + "\nfilters:\n  - where: \"matches(text, '^(a+)+$')\"");
        dir.Write("data/a.jsonl", "{\"text\": \"" + new string('a', 40) + "!\"}\n");
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNull(manifest);
        var error = diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.AreEqual(DiagnosticCodes.SourceBadValue, error.Code);
        StringAssert.Contains(error.Message, "timed out");
    }
}
