using DatasetBuild.Core.Provenance;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Multimodal;

/// <summary>`dotnet build` of the examples/media-pairs project: its drops, a no-op rebuild, and a replaced image seen as an input.</summary>
[TestClass]
public sealed class MultimodalBuildTests
{
    private static readonly string Example = Path.Combine(DotnetBuild.RepoRoot, "examples", "media-pairs");

    /// <summary>The example's spec and data in a scratch folder, built with the task assembly beside the tests.</summary>
    private static TempDirectory CopyOfExample()
    {
        var dir = new TempDirectory();
        File.Copy(Path.Combine(Example, "dataset.yaml"), dir.Combine("dataset.yaml"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Example, "data"), "*", SearchOption.AllDirectories))
        {
            var target = dir.Combine(Path.GetRelativePath(Example, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return dir;
    }

    [TestMethod]
    public void TheExampleDropsItsDefectsAndANoOpBuildStaysANoOpUntilAnImageIsReplaced()
    {
        using var dir = CopyOfExample();
        var project = DotnetBuild.ProjectFile(dir);
        var (exit, output) = DotnetBuild.Run(project);
        Assert.AreEqual(0, exit, output);
        var manifest = ManifestJson.Read(dir.Combine("bin/Debug/dataset/manifest.json"))!;
        var lineage = ParquetTestReader.ReadAll(dir.Combine("bin/Debug/dataset/lineage.parquet")).ToDictionary(r => (string)r["record_id"]!);
        CollectionAssert.AreEquivalent(
            new[] { "p01", "p02", "p03", "p04", "p05", "p06", "p07", "c01", "c02", "c03" },
            lineage.Values.Where(r => (string?)r["status"] == "kept").Select(r => (string)r["record_id"]!).ToArray());
        StringAssert.StartsWith((string)lineage["p08"]["reason"]!, "missing asset");
        StringAssert.StartsWith((string)lineage["p09"]["reason"]!, "undecodable asset ('image' data/images/p09-pink-shape.png: truncated");
        StringAssert.StartsWith((string)lineage["p10"]["reason"]!, "undecodable asset");
        Assert.AreEqual("p01", lineage["p11"]["duplicate_of"]);
        Assert.AreEqual("p02", lineage["p12"]["duplicate_of"]);
        StringAssert.StartsWith((string)lineage["p13"]["reason"]!, "vague caption");
        StringAssert.StartsWith((string)lineage["p14"]["reason"]!, "'image' less than 32 px wide");
        StringAssert.StartsWith((string)lineage["c04"]["reason"]!, "more than 6 words per second of speech");
        StringAssert.StartsWith((string)lineage["c05"]["reason"]!, "transcript on a silent clip");
        StringAssert.StartsWith((string)lineage["c06"]["reason"]!, "transcript on a silent clip");
        StringAssert.StartsWith((string)lineage["c07"]["reason"]!, "fewer than 0.5 words per second of speech");
        Assert.AreEqual(10L, manifest.Records.Kept);

        Thread.Sleep(1100);
        (exit, output) = DotnetBuild.Run(project);
        Assert.AreEqual(0, exit, output);
        foreach (var stage in new[] { "DatasetValidateSpec", "DatasetIngest", "DatasetFilter", "DatasetDedup", "DatasetEmit" })
        {
            StringAssert.Contains(output, $"Skipping target \"{stage}\" because all output files are up-to-date", stage);
        }

        // A new version of one picture (here: p03's pixels replaced by p04's) is an input: ingest runs again.
        File.WriteAllBytes(dir.Combine("data/images/p03-green-triangle.png"), File.ReadAllBytes(dir.Combine("data/images/p04-orange-circles.png")));
        (exit, output) = DotnetBuild.Run(project);
        Assert.AreEqual(0, exit, output);
        Assert.DoesNotContain("Skipping target \"DatasetIngest\"", output);
        lineage = ParquetTestReader.ReadAll(dir.Combine("bin/Debug/dataset/lineage.parquet")).ToDictionary(r => (string)r["record_id"]!);
        Assert.AreEqual("dropped", lineage["p04"]["status"], "p04 now has the same image as p03, which comes first");
        Assert.AreEqual("p03", lineage["p04"]["duplicate_of"]);

        // A missing image that appears, even with an old file time (moved in from elsewhere), rebuilds too.
        File.Copy(dir.Combine("data/images/p05-purple-stripes.png"), dir.Combine("data/images/p08-sunflower.png"));
        File.SetLastWriteTimeUtc(dir.Combine("data/images/p08-sunflower.png"), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        (exit, output) = DotnetBuild.Run(project);
        Assert.AreEqual(0, exit, output);
        lineage = ParquetTestReader.ReadAll(dir.Combine("bin/Debug/dataset/lineage.parquet")).ToDictionary(r => (string)r["record_id"]!);
        Assert.AreEqual("p05", lineage["p08"]["duplicate_of"], "the sunflower file arrived (as a copy of p05's picture)");
    }

    [TestMethod]
    public void TheImageDecoderLoadsInsideTheMSBuildNodeWithoutATaskHost()
    {
        // The packaged SDK loads the task assembly into MSBuild itself: libSkiaSharp must resolve from the task folder.
        using var dir = CopyOfExample();
        var (exit, output) = DotnetBuild.Run(DotnetBuild.ProjectFile(dir), "-p:DatasetBuildUseTaskHost=false");
        Assert.AreEqual(0, exit, output);
        Assert.DoesNotContain("DSB2009", output);
        var manifest = ManifestJson.Read(dir.Combine("bin/Debug/dataset/manifest.json"))!;
        Assert.AreEqual(1L, manifest.AssetDedup!.NearDuplicates, "the JPEG re-encode of p02 was decoded and hashed");
    }
}
