using System.Globalization;
using System.Text;
using DatasetBuild.Core.Engine.Stages;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Incremental;

/// <summary>
/// dedup.near remembers its LSH buckets and the pairs it verified: a build after adding or removing files updates
/// the buckets and looks the pairs up instead of re-reading their texts, and gives exactly what a clean build gives.
/// </summary>
[TestClass]
public sealed class NearIndexMemoTests
{
    private const string Spec = """
        name: near-incremental
        version: 1.0.0
        schema:
          text: string
        sources:
          - name: docs
            path: data/*.jsonl
            id: id
            license: MIT
            provenance: { permissions: [train] }
        dedup:
          near: { field: text }
        outputs:
          - format: parquet
        """;

    /// <summary>Documents of 80 words; in every file after the first, every third is file 0's document of that number with one word edited.</summary>
    private static string Docs(int file, int count)
    {
        var text = new StringBuilder();
        for (var d = 0; d < count; d++)
        {
            var words = Enumerable.Range(0, 80).Select(w => $"w{new Random((file * 1000) + d).Next(50_000) + w}").ToArray();
            if (d % 3 == 2 && file > 0)
            {
                words = Enumerable.Range(0, 80).Select(w => $"w{new Random(d).Next(50_000) + w}").ToArray();
                words[d % 80] = "edited" + file.ToString(CultureInfo.InvariantCulture);
            }

            text.Append(CultureInfo.InvariantCulture, $"{{\"id\": \"{file}-{d}\", \"text\": \"{string.Join(' ', words)}\"}}\n");
        }

        return text.ToString();
    }

    /// <summary>A project of the spec with files <c>f{n}.jsonl</c>, each of 60 documents, for the given numbers.</summary>
    private static TempDirectory Project(IEnumerable<int> files)
    {
        var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        foreach (var file in files)
        {
            dir.Write($"data/f{file}.jsonl", Docs(file, 60));
        }

        return dir;
    }

    private static string MemoPath(TempDirectory dir) => dir.Combine($"obj/state/{NearIndexMemo.FileName}");

    [TestMethod]
    public void AddingFilesLooksUpKnownPairsAndMatchesACleanBuild()
    {
        using var dir = Project(Enumerable.Range(0, 6));

        var (first, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(first, string.Join("\n", diagnostics));
        Assert.IsGreaterThan(20L, first.NearDedup!.Duplicates);
        var memo = MemoPath(dir);
        Assert.IsTrue(File.Exists(memo));

        dir.Write("data/f6.jsonl", Docs(6, 60));
        var (grown, _) = InProcessBuild.Run(dir);
        using var clean = Project(Enumerable.Range(0, 7));

        var (cleanManifest, _) = InProcessBuild.Run(clean);
        Assert.AreEqual(cleanManifest!.ContentHash, grown!.ContentHash);
        Assert.AreEqual(cleanManifest.NearDedup!.Duplicates, grown.NearDedup!.Duplicates);
        Assert.AreEqual(cleanManifest.NearDedup.CandidatePairs, grown.NearDedup.CandidatePairs);
        Assert.AreEqual(cleanManifest.NearDedup.CandidatePairs, cleanManifest.NearDedup.VerifiedPairs, "a clean build verifies every pair");
        Assert.IsLessThan(grown.NearDedup.CandidatePairs / 2, grown.NearDedup.VerifiedPairs, "only pairs that touch the new file are verified");
        CollectionAssert.AreEqual(File.ReadAllBytes(clean.Combine("out/lineage.parquet")), File.ReadAllBytes(dir.Combine("out/lineage.parquet")));
    }

    [TestMethod]
    public void RemovingAndAddingFilesInOneBuildMatchesACleanBuild()
    {
        using var dir = Project(Enumerable.Range(0, 6));

        // f6 repeats f2: its records are exact duplicates, so whichever of the two comes first drops the other's.
        dir.Write("data/f6.jsonl", Docs(2, 60).Replace("\"id\": \"2-", "\"id\": \"6-", StringComparison.Ordinal));
        var (first, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(first, string.Join("\n", diagnostics));

        File.Delete(dir.Combine("data/f1.jsonl"));
        File.Delete(dir.Combine("data/f6.jsonl"));
        dir.Write("data/f7.jsonl", Docs(7, 60));
        var (changed, _) = InProcessBuild.Run(dir);

        using var clean = Project(new[] { 0, 2, 3, 4, 5, 7 });

        var (cleanManifest, _) = InProcessBuild.Run(clean);
        Assert.AreEqual(cleanManifest!.ContentHash, changed!.ContentHash);
        Assert.AreEqual(cleanManifest.NearDedup!.CandidatePairs, changed.NearDedup!.CandidatePairs);
        Assert.AreEqual(cleanManifest.NearDedup.Clusters, changed.NearDedup.Clusters);
        Assert.IsLessThan(changed.NearDedup.CandidatePairs / 2, changed.NearDedup.VerifiedPairs, "only pairs that touch the new file are verified");
        CollectionAssert.AreEqual(File.ReadAllBytes(clean.Combine("out/lineage.parquet")), File.ReadAllBytes(dir.Combine("out/lineage.parquet")));
    }

    [TestMethod]
    public void AMemoThatCannotBeSavedDoesNotFailTheBuild()
    {
        using var dir = Project(Enumerable.Range(0, 3));

        Directory.CreateDirectory(MemoPath(dir)); // where the memo's file would go
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        Assert.IsGreaterThan(0L, manifest.NearDedup!.Duplicates);
    }

    [TestMethod]
    public void ADamagedMemoIsOnlyALostShortcut()
    {
        using var dir = Project(Enumerable.Range(0, 4));

        var (first, _) = InProcessBuild.Run(dir);
        var memo = MemoPath(dir);
        var bytes = File.ReadAllBytes(memo);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(memo, bytes);
        dir.Write("data/f4.jsonl", Docs(4, 60));
        var (grown, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(grown, string.Join("\n", diagnostics));
        Assert.AreEqual(grown.NearDedup!.CandidatePairs, grown.NearDedup.VerifiedPairs, "a damaged memo is not used");
        File.Delete(dir.Combine("data/f4.jsonl"));
        var (back, _) = InProcessBuild.Run(dir);
        Assert.AreEqual(first!.ContentHash, back!.ContentHash);
    }
}
