using System.Text;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.EndToEnd;

/// <summary>Killed builds, concurrent builds and shared caches lose nothing and change nothing.</summary>
[TestClass]
public sealed class FaultInjectionTests
{
    private const string Spec = """
        name: faults
        version: 1.0.0
        schema:
          text: string
          label: string?
        sources:
          - name: notes
            path: data/*.jsonl
            license: MIT
            provenance: { permissions: [train] }
        filters:
          - length: { field: text, min_words: 4 }
        dedup:
          exact: { fields: [text], normalize: true }
        outputs:
          - format: parquet
          - format: jsonl
        """;

    /// <summary>~30k records in six files, enough that every stage takes a visible share of the build.</summary>
    private static TempDirectory Fixture()
    {
        var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        var random = new Random(3);
        string[] words = ["alpha", "beta", "gamma", "delta", "refund", "login", "crash", "invoice", "sync", "export"];
        for (var f = 0; f < 6; f++)
        {
            var builder = new StringBuilder();
            for (var i = 0; i < 5000; i++)
            {
                var text = string.Join(' ', Enumerable.Range(0, random.Next(2, 40)).Select(_ => words[random.Next(words.Length)]));
                builder.Append("{\"text\": \"").Append(text).Append("\", \"label\": \"l").Append(random.Next(5)).Append("\"}\n");
            }

            dir.Write($"data/part-{f}.jsonl", builder.ToString());
        }

        return dir;
    }

    private static string ContentHashAfterCleanBuild()
    {
        using var reference = Fixture();
        var (exit, output) = DotnetBuild.Run(DotnetBuild.ProjectFile(reference));
        Assert.AreEqual(0, exit, output);
        return ManifestJson.Read(reference.Combine("bin/Debug/dataset/manifest.json"))!.ContentHash;
    }

    private static void AssertOutputsValid(TempDirectory dir, string expectedHash)
    {
        var manifest = ManifestJson.Read(dir.Combine("bin/Debug/dataset/manifest.json"))!;
        Assert.AreEqual(expectedHash, manifest.ContentHash);
        Assert.AreEqual(manifest.Records.Kept, ParquetTestReader.ReadAll(dir.Combine("bin/Debug/dataset/data/all.parquet")).Count);
        Assert.AreEqual(manifest.Records.TotalIn, ParquetTestReader.ReadAll(dir.Combine("bin/Debug/dataset/lineage.parquet")).Count);
        Assert.AreEqual(manifest.Records.Kept, File.ReadAllLines(dir.Combine("bin/Debug/dataset/data/all.jsonl")).Length);
    }

    [TestMethod]
    public void BuildsKilledAtAnyPointAreFollowedByACorrectBuild()
    {
        var expected = ContentHashAfterCleanBuild();
        using var dir = Fixture();
        var project = DotnetBuild.ProjectFile(dir);
        foreach (var delay in new[] { 700, 1500, 2300, 3100 })
        {
            // A changed filter each round makes every stage do real work when the kill lands.
            dir.Write("dataset.yaml", Spec.Replace("min_words: 4", $"min_words: {delay / 700}"));
            using (var build = DotnetBuild.Start(project))
            {
                Thread.Sleep(delay);
                build.Kill(entireProcessTree: true);
                build.WaitForExit();
            }
        }

        dir.Write("dataset.yaml", Spec);
        var (exit, output) = DotnetBuild.Run(project);
        Assert.AreEqual(0, exit, output);
        AssertOutputsValid(dir, expected);
    }

    [TestMethod]
    public void TwoConcurrentBuildsOfOneProjectBothSucceed()
    {
        var expected = ContentHashAfterCleanBuild();
        using var dir = Fixture();
        var project = DotnetBuild.ProjectFile(dir);
        using var first = DotnetBuild.Start(project);
        using var second = DotnetBuild.Start(project);
        first.WaitForExit();
        second.WaitForExit();
        Assert.AreEqual(0, first.ExitCode, "first build: " + DotnetBuild.Output[first.Id]);
        Assert.AreEqual(0, second.ExitCode, "second build: " + DotnetBuild.Output[second.Id]);
        AssertOutputsValid(dir, expected);
    }

    [TestMethod]
    public void TwoProjectsSharingACacheBuildAtOnce()
    {
        var expected = ContentHashAfterCleanBuild();
        using var a = Fixture();
        using var b = Fixture();
        using var cache = new TempDirectory();
        var shared = "-p:DatasetCacheDir=" + cache.Path + "/";
        using var first = DotnetBuild.Start(DotnetBuild.ProjectFile(a), shared);
        using var second = DotnetBuild.Start(DotnetBuild.ProjectFile(b), shared);
        first.WaitForExit();
        second.WaitForExit();
        Assert.AreEqual(0, first.ExitCode, DotnetBuild.Output[first.Id].ToString());
        Assert.AreEqual(0, second.ExitCode, DotnetBuild.Output[second.Id].ToString());
        AssertOutputsValid(a, expected);
        AssertOutputsValid(b, expected);
    }
}
