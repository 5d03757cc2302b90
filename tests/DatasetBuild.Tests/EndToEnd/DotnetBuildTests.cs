using DatasetBuild.Core.IO;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.EndToEnd;

/// <summary>`dotnet build` on fixture dataset projects, reading the Parquet and manifest it produces.</summary>
[TestClass]
public sealed class DotnetBuildTests
{
    private const string Spec = """
        name: e2e
        version: 0.1.0
        task: { type: classification, input: text, target: label, labels: [pos, neg], tokenizer: cl100k_base }
        schema:
          text: string
          label: string?
          stars: int?
        sources:
          - name: reviews
            path: data/*.jsonl
            license: CC0-1.0
            provenance: { permissions: [train] }
          - name: sheet
            path: sheets/reviews.csv
            id: review_id
            map: { text: body }
            license: CC-BY-4.0
            provenance: { permissions: [train] }
        filters:
          - where: "stars == null || stars >= 2"
        labels:
          normalize: { positive: pos, negative: neg }
          unknown: drop
        dedup:
          exact: { fields: [text], normalize: true }
        outputs:
          - format: parquet
          - { format: chat, system: "Is this review positive or negative?" }
        """;

    private static TempDirectory Fixture()
    {
        var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        dir.Write("data/a.jsonl", """
            {"text": "Great product, works well", "label": "positive", "stars": 5}
            {"text": "great product works well!!", "label": "pos", "stars": 4}
            {"text": "Broke after a day", "label": "neg", "stars": 1}
            {"text": "Does what it says", "label": "Positive"}
            """);
        dir.Write("sheets/reviews.csv", "review_id,body,label,stars\nr1,\"Fine, but slow\",neg,3\nr2,\"Love it\nwould buy again\",pos,5\nr3,Meh,maybe,2\n");
        return dir;
    }

    [TestMethod]
    public void BuildProducesTheOutputContractAndANoOpSecondBuild()
    {
        using var dir = Fixture();
        var project = DotnetBuild.ProjectFile(dir);
        var (exit, output) = DotnetBuild.Run(project);
        Assert.AreEqual(0, exit, output);
        StringAssert.Contains(output, "fixture -> " + dir.Combine("bin/Debug/dataset/"));

        var outputDir = dir.Combine("bin/Debug/dataset");
        var manifest = ManifestJson.Read(Path.Combine(outputDir, "manifest.json"))!;
        Assert.AreEqual("e2e", manifest.Name);
        Assert.AreEqual(7L, manifest.Records.TotalIn);
        var lineage = ParquetTestReader.ReadAll(Path.Combine(outputDir, "lineage.parquet"));
        Assert.HasCount(7, lineage);
        var data = ParquetTestReader.ReadAll(Path.Combine(outputDir, "data/all.parquet"));
        Assert.AreEqual(manifest.Records.Kept, data.Count);
        Assert.AreEqual(4, data.Count, "dropped: stars 1, label 'maybe', one exact duplicate");
        CollectionAssert.AreEquivalent(new[] { "id", "text", "label", "stars" }, data[0].Keys.ToArray());
        Assert.IsTrue(data.Any(r => (string?)r["text"] == "Love it\nwould buy again"));
        CollectionAssert.AreEqual(new[] { "ZSTD" }, ParquetTestReader.Codecs(Path.Combine(outputDir, "data/all.parquet")).ToArray(), "zstd by default");
        CollectionAssert.AreEqual(new[] { "data/all.parquet", "data/all.chat.jsonl" }, manifest.Outputs.Select(o => o.Path).ToArray());
        Assert.HasCount(4, File.ReadAllLines(Path.Combine(outputDir, "data/all.chat.jsonl")));
        Assert.AreEqual(4L, manifest.Tokens!.Splits["all"].Examples, "the tokenizer's data package loads inside the build");
        Assert.IsTrue(File.Exists(Path.Combine(outputDir, "README.md")), "dataset card");

        var stamps = Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".binlog", StringComparison.Ordinal) && !f.Contains("/obj/fixture.") && !f.Contains("project.assets") && !f.Contains("nuget"))
            .ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Thread.Sleep(1100);
        (exit, output) = DotnetBuild.Run(project);
        Assert.AreEqual(0, exit, output);
        foreach (var stage in new[] { "DatasetValidateSpec", "DatasetIngest", "DatasetFilter", "DatasetLabel", "DatasetDedup", "DatasetRender", "DatasetEmit" })
        {
            StringAssert.Contains(output, $"Skipping target \"{stage}\" because all output files are up-to-date", stage);
        }

        foreach (var (file, stamp) in stamps.Where(s => s.Key.Contains("/bin/") || s.Key.Contains("/obj/Debug/dataset/")))
        {
            Assert.AreEqual(stamp, File.GetLastWriteTimeUtc(file), $"{file} was rewritten by a no-op build");
        }
    }

    [TestMethod]
    public void ADeletedOutputFileComesBackAtTheNextBuild()
    {
        using var dir = Fixture();
        var project = DotnetBuild.ProjectFile(dir);
        var (exit, output) = DotnetBuild.Run(project);
        Assert.AreEqual(0, exit, output);
        var parquet = dir.Combine("bin/Debug/dataset/data/all.parquet");
        var built = File.ReadAllBytes(parquet);

        File.Delete(parquet);
        (exit, output) = DotnetBuild.Run(project);
        Assert.AreEqual(0, exit, output);
        CollectionAssert.AreEqual(built, File.ReadAllBytes(parquet), "emit ran again and wrote the same bytes");
        StringAssert.Contains(output, "Skipping target \"DatasetDedup\" because all output files are up-to-date", "only emit runs");

        (exit, output) = DotnetBuild.Run(project);
        Assert.AreEqual(0, exit, output);
        StringAssert.Contains(output, "Skipping target \"DatasetEmit\" because all output files are up-to-date", "then a no-op again");
    }

    [TestMethod]
    public void ANewSourceFileIsBuiltWithoutRevalidatingTheSpecAndRemovingItRestoresTheDataset()
    {
        using var dir = Fixture();
        var project = DotnetBuild.ProjectFile(dir);
        var (exit, output) = DotnetBuild.Run(project);
        Assert.AreEqual(0, exit, output);
        Assert.DoesNotContain("warning MSB", output, "common MSBuild has nothing to resolve or warn about");
        var manifestPath = dir.Combine("bin/Debug/dataset/manifest.json");
        var first = ManifestJson.Read(manifestPath)!;

        dir.Write("data/b.jsonl", "{\"text\": \"Arrived late and scratched\", \"label\": \"neg\", \"stars\": 2}\n");
        (exit, output) = DotnetBuild.Run(project);
        Assert.AreEqual(0, exit, output);
        StringAssert.Contains(output, "Skipping target \"DatasetValidateSpec\" because all output files are up-to-date", "the spec did not change");
        var grown = ManifestJson.Read(manifestPath)!;
        Assert.AreEqual(first.Records.TotalIn + 1, grown.Records.TotalIn);
        Assert.AreEqual(first.Records.Kept + 1, grown.Records.Kept);

        File.Delete(dir.Combine("data/b.jsonl"));
        (exit, output) = DotnetBuild.Run(project);
        Assert.AreEqual(0, exit, output);
        Assert.AreEqual(first.ContentHash, ManifestJson.Read(manifestPath)!.ContentHash);
        (exit, output) = DotnetBuild.Run(project);
        Assert.AreEqual(0, exit, output);
        StringAssert.Contains(output, "Skipping target \"DatasetEmit\" because all output files are up-to-date", "the build after is a no-op");
    }

    [TestMethod]
    public void SpecTypoFailsWithACanonicalLocatedError()
    {
        using var dir = Fixture();
        dir.Write("dataset.yaml", Spec.Replace("normalize: { positive", "normalise: { positive"));
        var (exit, output) = DotnetBuild.Run(DotnetBuild.ProjectFile(dir));
        Assert.AreNotEqual(0, exit);
        StringAssert.Contains(output, dir.Combine("dataset.yaml") + "(22,3): error DSB1003: unknown key 'normalise' in 'labels'; did you mean 'normalize'?");
        Assert.DoesNotContain("   at ", output, "no stack trace reaches the user");
    }

    [TestMethod]
    public void ADatasetProjectSkipsRestoreUnlessItReferencesPackagesAndThenSaysSo()
    {
        using var dir = Fixture();
        var project = DotnetBuild.ProjectFile(dir);
        var (exit, output) = DotnetBuild.Run(project);
        Assert.AreEqual(0, exit, output);
        Assert.IsFalse(File.Exists(dir.Combine("obj/project.assets.json")), "no NuGet restore for a project that references nothing");

        File.WriteAllText(project, File.ReadAllText(project).Replace("</Project>", """
              <ItemGroup><PackageReference Include="Some.Package" Version="1.0.0" /></ItemGroup>
            </Project>
            """));
        (exit, output) = DotnetBuild.Run(project);
        Assert.AreNotEqual(0, exit);
        StringAssert.Contains(output, "error DSB4010: this dataset project references packages or projects, which only a restore brings in: set <DatasetRestore>true</DatasetRestore> in it");
    }

    [TestMethod]
    public void BadRecordFailsWithItsFileAndLine()
    {
        using var dir = Fixture();
        dir.Write("data/b.jsonl", "{\"text\": \"ok\", \"stars\": 3}\n{\"text\": \"bad\", \"stars\": \"many\"}\n");
        var (exit, output) = DotnetBuild.Run(DotnetBuild.ProjectFile(dir));
        Assert.AreNotEqual(0, exit);
        StringAssert.Contains(output, "data/b.jsonl(2): error DSB2004: field 'stars': 'many' is not a valid int");
    }

    [TestMethod]
    public void ChangedPropertyRebuildsAndCleanRemovesOutputs()
    {
        using var dir = Fixture();
        var project = DotnetBuild.ProjectFile(dir);
        Assert.AreEqual(0, DotnetBuild.Run(project).ExitCode);
        Assert.IsFalse(Directory.EnumerateFileSystemEntries(dir.Combine("bin/Debug/dataset"), ".*").Any(), "the published folder holds the dataset alone");
        Assert.IsTrue(File.Exists(PublishLock.PathFor(dir.Combine("obj/dataset-cache"), dir.Combine("bin/Debug/dataset"))), "its publication lock is in the cache");
        var (exit, output) = DotnetBuild.Run(project, "-p:DatasetOutputPath=out/");
        Assert.AreEqual(0, exit, output);
        Assert.IsTrue(File.Exists(dir.Combine("out/data/all.parquet")), "a changed Dataset* property is not a no-op");
        var manifest = ManifestJson.Read(dir.Combine("out/manifest.json"))!;
        Assert.IsTrue(manifest.Stages.All(s => s.Cache == "hit"), "the stage cache still serves every stage");

        (exit, output) = DotnetBuild.Run(project, "-t:Clean");
        Assert.AreEqual(0, exit, output);
        Assert.IsFalse(Directory.Exists(dir.Combine("bin/Debug/dataset")), "dotnet clean removes the dataset");
        Assert.IsFalse(Directory.Exists(dir.Combine("bin/Debug")) && Directory.EnumerateFileSystemEntries(dir.Combine("bin/Debug")).Any(), "and leaves nothing beside it");
    }

    [TestMethod]
    public void DirectoryBuildTargetsRebuildAndCleanWorkWithoutCommonTargets()
    {
        // A project that restores nothing builds on the SDK's own Build/Clean/Rebuild (DatasetBuild.Standalone.targets).
        using var dir = Fixture();
        dir.Write("Directory.Build.targets", """
            <Project>
              <PropertyGroup><DatasetOutputPath>custom/</DatasetOutputPath></PropertyGroup>
              <Target Name="AfterBuild"><Message Importance="high" Text="the project's own AfterBuild ran" /></Target>
            </Project>
            """);
        var project = DotnetBuild.ProjectFile(dir);
        var (exit, output) = DotnetBuild.Run(project);
        Assert.AreEqual(0, exit, output);
        Assert.IsTrue(File.Exists(dir.Combine("custom/data/all.parquet")), "Directory.Build.targets is imported");
        StringAssert.Contains(output, "the project's own AfterBuild ran", "a target Directory.Build.targets defines replaces the SDK's empty one");
        var hash = ManifestJson.Read(dir.Combine("custom/manifest.json"))!.ContentHash;

        (exit, output) = DotnetBuild.Run(project, "-t:Rebuild");
        Assert.AreEqual(0, exit, output);
        StringAssert.Contains(output, "fixture -> ");
        Assert.AreEqual(hash, ManifestJson.Read(dir.Combine("custom/manifest.json"))!.ContentHash, "a rebuild reproduces the dataset");

        (exit, output) = DotnetBuild.Run(project, "-t:Clean");
        Assert.AreEqual(0, exit, output);
        Assert.IsFalse(Directory.Exists(dir.Combine("custom")), "clean removes the dataset");
        Assert.IsFalse(Directory.Exists(dir.Combine("obj/Debug/dataset")), "clean removes the stage state");
    }

    [TestMethod]
    public void DatasetRestoreSetInDirectoryBuildTargetsIsALocatedError()
    {
        using var dir = Fixture();
        dir.Write("Directory.Build.targets", "<Project><PropertyGroup><DatasetRestore>true</DatasetRestore></PropertyGroup></Project>");
        var (exit, output) = DotnetBuild.Run(DotnetBuild.ProjectFile(dir));
        Assert.AreNotEqual(0, exit);
        StringAssert.Contains(output, "error DSB4011: DatasetRestore is set after the SDK chose its targets");
    }

    [TestMethod]
    public void LockedBuildRefusesADriftedSource()
    {
        using var dir = Fixture();
        var project = DotnetBuild.ProjectFile(dir);
        Assert.AreEqual(0, DotnetBuild.Run(project).ExitCode);
        Assert.IsTrue(File.Exists(dir.Combine("dataset.lock.json")));
        dir.Write("data/a.jsonl", "{\"text\": \"Changed after the lock\", \"label\": \"pos\"}\n");
        var (exit, output) = DotnetBuild.Run(project, "-p:DatasetLocked=true");
        Assert.AreNotEqual(0, exit);
        StringAssert.Contains(output, "error DSB4005: source file data/a.jsonl differs from the lock");
    }

    [TestMethod]
    public void SameBytesWhateverCultureTimeZoneFileNamesAndLineEndings()
    {
        using var first = Fixture();
        using var second = Fixture();
        File.Move(second.Combine("data/a.jsonl"), second.Combine("data/z-renamed.jsonl"));
        File.WriteAllText(second.Combine("data/z-renamed.jsonl"), File.ReadAllText(second.Combine("data/z-renamed.jsonl")).Replace("\n", "\r\n"));
        Assert.AreEqual(0, DotnetBuild.Run(DotnetBuild.ProjectFile(first)).ExitCode);
        var environment = new Dictionary<string, string> { ["TZ"] = "Pacific/Chatham", ["LANG"] = "tr_TR.UTF-8", ["LC_ALL"] = "tr_TR.UTF-8" };
        var (exit, output) = DotnetBuild.Run(DotnetBuild.ProjectFile(second), environment);
        Assert.AreEqual(0, exit, output);
        var a = ManifestJson.Read(first.Combine("bin/Debug/dataset/manifest.json"))!;
        var b = ManifestJson.Read(second.Combine("bin/Debug/dataset/manifest.json"))!;
        Assert.AreEqual(a.ContentHash, b.ContentHash);
        CollectionAssert.AreEqual(
            File.ReadAllBytes(first.Combine("bin/Debug/dataset/data/all.parquet")),
            File.ReadAllBytes(second.Combine("bin/Debug/dataset/data/all.parquet")),
            "the Parquet bytes are the same");
    }
}
