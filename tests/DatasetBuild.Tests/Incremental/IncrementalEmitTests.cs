using System.Globalization;
using System.Text;
using DatasetBuild.Core.Engine;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Incremental;

/// <summary>
/// The emit stage reuses the jobs whose files did not change, and an incremental build gives the same bytes as a
/// clean one: the same content hash, data files, lineage and record index.
/// </summary>
[TestClass]
public sealed class IncrementalEmitTests
{
    private const string Spec = """
        name: incremental
        version: 1.0.0
        task: { type: classification, input: text, target: label, labels: [a, b, c] }
        schema:
          text: string
          label: string?
        sources:
          - name: notes
            path: data/*.jsonl
            id: id
            license: MIT
            provenance: { permissions: [train] }
        filters:
          - length: { field: text, min_words: 3 }
        dedup:
          exact: { fields: [text], normalize: true }
        splits:
          ratios: { train: 0.8, test: 0.2 }
        outputs:
          - format: parquet
          - format: jsonl
        """;

    /// <summary>A file of <paramref name="records"/> notes; every tenth repeats a note of file 0, every seventh is too short.</summary>
    private static string Notes(int file, int records)
    {
        var text = new StringBuilder();
        var random = new Random(file);
        for (var r = 0; r < records; r++)
        {
            var words = r % 10 == 9 ? $"note zero {r % 50} words here" : r % 7 == 6 ? "too short" : $"note {file} {r} about {random.Next(1000)} things";
            text.Append(CultureInfo.InvariantCulture, $"{{\"id\": \"{file}-{r}\", \"text\": \"{words}\", \"label\": \"{"abc"[r % 3]}\"}}\n");
        }

        return text.ToString();
    }

    private static TempDirectory Project(IEnumerable<int> files)
    {
        var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        foreach (var file in files)
        {
            dir.Write($"data/f{file:D3}.jsonl", Notes(file, 900));
        }

        return dir;
    }

    [TestMethod]
    public void AddingAFileReusesTheOtherJobsAndMatchesACleanBuild()
    {
        using var dir = Project(Enumerable.Range(0, 40));
        var (first, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(first, string.Join("\n", diagnostics));
        Assert.IsGreaterThan(3L, first.Emit!.Jobs);
        Assert.AreEqual(0, first.Emit.Reused);

        dir.Write("data/f999.jsonl", Notes(999, 900));
        var (grown, _) = InProcessBuild.Run(dir);
        Assert.IsNotNull(grown);
        Assert.IsGreaterThanOrEqualTo(grown.Emit!.Jobs - 2, grown.Emit.Reused, $"{grown.Emit.Reused} of {grown.Emit.Jobs} jobs reused");
        Assert.AreNotEqual(first.ContentHash, grown.ContentHash);

        var cleanManifest = AssertSameAsCleanBuild(dir, Enumerable.Range(0, 40).Append(999), grown);
        Assert.AreEqual(cleanManifest.Records.Kept, grown.Records.Kept);
        Assert.AreEqual(41 * 900, ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")).Count);
    }

    private static readonly string[] AllOutputs = ["data/train.parquet", "data/test.parquet", "data/train.jsonl", "data/test.jsonl", "lineage.parquet"];

    /// <summary>
    /// Asserts that every output of <paramref name="dir"/> has the bytes of a clean build of the same files, and the
    /// manifest their SHA-256s; returns the clean build's manifest.
    /// </summary>
    private static Core.Provenance.Manifest AssertSameAsCleanBuild(TempDirectory dir, IEnumerable<int> files, Core.Provenance.Manifest built)
    {
        using var clean = Project(files);
        if (File.Exists(dir.Combine("data/big.jsonl")))
        {
            clean.Write("data/big.jsonl", File.ReadAllText(dir.Combine("data/big.jsonl")));
        }

        var (cleanManifest, diagnostics) = InProcessBuild.Run(clean);
        Assert.IsNotNull(cleanManifest, string.Join("\n", diagnostics));
        Assert.AreEqual(cleanManifest.ContentHash, built.ContentHash);
        foreach (var output in AllOutputs)
        {
            CollectionAssert.AreEqual(File.ReadAllBytes(clean.Combine("out/" + output)), File.ReadAllBytes(dir.Combine("out/" + output)), output);
        }

        CollectionAssert.AreEqual(cleanManifest.Outputs.Select(o => o.Sha256).ToList(), built.Outputs.Select(o => o.Sha256).ToList());
        foreach (var output in built.Outputs)
        {
            Assert.AreEqual(output.Sha256, Core.IO.FileSha256.Of(dir.Combine("out/" + output.Path), normalizeLineEndings: false), output.Path);
        }

        return cleanManifest;
    }

    /// <summary>The number of the file whose records come last in the outputs (files are ordered by content).</summary>
    private static int LastFileInOrder(TempDirectory dir)
    {
        var last = (string)ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet"))[^1]["source_file"]!;
        return int.Parse(Path.GetFileNameWithoutExtension(last)[1..], CultureInfo.InvariantCulture);
    }

    [TestMethod]
    public void ABuildTakesTheJobsItSharesWithTheLastOneFromThePublishedFilesAndMatchesACleanBuild()
    {
        var files = Enumerable.Range(0, 40).ToList();
        using var dir = Project(files);
        dir.Write("data/big.jsonl", Notes(7777, 25_000)); // a job of three pieces: several row groups per output to move
        var (first, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(first, string.Join("\n", diagnostics));
        Assert.AreEqual(0L, first.Emit!.FromPublished);

        // Removing the last file in order leaves every job but the last one or two as they were.
        var last = LastFileInOrder(dir);
        File.Delete(dir.Combine($"data/f{last:D3}.jsonl"));
        files.Remove(last);
        var (smaller, _) = InProcessBuild.Run(dir);
        Assert.IsNotNull(smaller);
        Assert.IsGreaterThanOrEqualTo(smaller.Emit!.Jobs - 2, smaller.Emit.FromPublished, $"{smaller.Emit.FromPublished} of {smaller.Emit.Jobs} jobs from the published files");
        AssertSameAsCleanBuild(dir, files, smaller);

        // Added back (and two more, wherever they land): what can be copied is, and the files are still a clean build's.
        dir.Write($"data/f{last:D3}.jsonl", Notes(last, 900));
        dir.Write("data/f998.jsonl", Notes(998, 900));
        dir.Write("data/f999.jsonl", Notes(999, 900));
        files.AddRange([last, 998, 999]);
        var (grown, _) = InProcessBuild.Run(dir);
        Assert.IsNotNull(grown);
        Assert.IsGreaterThanOrEqualTo(grown.Emit!.Jobs - 6, grown.Emit.FromPublished, $"{grown.Emit.FromPublished} of {grown.Emit.Jobs} jobs from the published files");
        AssertSameAsCleanBuild(dir, files, grown);

        // Nothing changed: every job is copied, and the same files come out.
        var (again, _) = InProcessBuild.Run(dir);
        Assert.AreEqual(again!.Emit!.Jobs, again.Emit.FromPublished);
        AssertSameAsCleanBuild(dir, files, again);
    }

    [TestMethod]
    public void NoBytesAreCopiedFromAnOutputEditedSinceTheBuildOrWithAnotherConfigOrADamagedMemo()
    {
        using var dir = Project(Enumerable.Range(0, 12));
        var files = Enumerable.Range(0, 12).ToList();
        InProcessBuild.Run(dir);

        // Lineage is not listed in the manifest; edited after it, it vouches for nothing either.
        var lineage = dir.Combine("out/lineage.parquet");
        var bytes = File.ReadAllBytes(lineage);
        bytes[8] ^= 0x01;
        File.WriteAllBytes(lineage, bytes);
        var (edited, _) = InProcessBuild.Run(dir);
        Assert.AreEqual(0L, edited!.Emit!.FromPublished);
        AssertSameAsCleanBuild(dir, files, edited);

        // Another codec, and back: the memo is of another config (its checkpoints do not apply), then of the snappy build.
        dir.Write("dataset.yaml", Spec.Replace("- format: parquet", "- format: parquet\n    compression: snappy"));
        var (snappy, _) = InProcessBuild.Run(dir);
        Assert.AreEqual(0L, snappy!.Emit!.FromPublished);
        dir.Write("dataset.yaml", Spec);
        var (back, _) = InProcessBuild.Run(dir);
        Assert.AreEqual(0L, back!.Emit!.FromPublished);
        AssertSameAsCleanBuild(dir, files, back);

        // A damaged memo is only a lost shortcut.
        var memo = Directory.EnumerateFiles(dir.Combine("obj/state"), "*.memo").Single(f => f.EndsWith("emit.outputs.memo", StringComparison.Ordinal));
        var memoBytes = File.ReadAllBytes(memo);
        memoBytes[memoBytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(memo, memoBytes);
        var (damaged, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(damaged, string.Join("\n", diagnostics));
        Assert.AreEqual(0L, damaged.Emit!.FromPublished);
        AssertSameAsCleanBuild(dir, files, damaged);
    }

    [TestMethod]
    public void AnOutputEditedWithItsTimeSetBackIsTakenAsPublishedButTheManifestHashesTheBytesWritten()
    {
        using var dir = Project(Enumerable.Range(0, 12));
        InProcessBuild.Run(dir);
        var jsonl = dir.Combine("out/data/train.jsonl");
        var stamp = File.GetLastWriteTimeUtc(jsonl);
        var bytes = File.ReadAllBytes(jsonl);
        bytes[20] = (byte)(bytes[20] == (byte)'x' ? 'y' : 'x');
        File.WriteAllBytes(jsonl, bytes);
        File.SetLastWriteTimeUtc(jsonl, stamp); // as a restore of an old copy with `cp -p` would leave it

        dir.Write("data/f900.jsonl", Notes(900, 900));
        var (grown, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(grown, string.Join("\n", diagnostics));
        Assert.IsGreaterThan(0L, grown.Emit!.FromPublished);
        foreach (var output in grown.Outputs)
        {
            Assert.AreEqual(Core.IO.FileSha256.Of(dir.Combine("out/" + output.Path), normalizeLineEndings: false), output.Sha256, $"{output.Path}: the manifest hashes the bytes written");
        }
    }

    [TestMethod]
    public void TemporaryFilesOfAKilledBuildAreRemovedAndThoseOfARunningOneKept()
    {
        using var dir = Project(Enumerable.Range(0, 3));
        InProcessBuild.Run(dir);
        using var exited = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true })!;
        exited.WaitForExit();
        var killed = $"{exited.Id}-{Guid.NewGuid():N}";
        var running = $"{Environment.ProcessId}-{Guid.NewGuid():N}";
        var abandoned = new[] { dir.Write($"out/data/.train.jsonl.{killed}.tmp", "part"), dir.Write($"out/.lineage.parquet.{killed}.tmp", "part") };
        var live = new[] { dir.Write($"out/data/.test.jsonl.{running}.tmp", "part"), dir.Write($"out/.manifest.json.{running}.tmp", "part") };
        var old = dir.Write($"out/.README.md.{Guid.NewGuid():N}.tmp", "part");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-2));

        dir.Write("data/f100.jsonl", Notes(100, 900));
        var (grown, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(grown, string.Join("\n", diagnostics));
        foreach (var file in abandoned.Append(old))
        {
            Assert.IsFalse(File.Exists(file), $"{Path.GetFileName(file)} is removed");
        }

        foreach (var file in live)
        {
            Assert.IsTrue(File.Exists(file), $"{Path.GetFileName(file)} belongs to a running build");
        }
    }

    [TestMethod]
    public void AnUnchangedOutputKeepsItsFileAndOneEditedByHandIsRestoredEvenAtTheSameLength()
    {
        using var dir = Project(Enumerable.Range(0, 5));
        var (first, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(first, string.Join("\n", diagnostics));
        var jsonl = dir.Combine("out/data/train.jsonl");
        var built = File.ReadAllBytes(jsonl);
        var stamp = File.GetLastWriteTimeUtc(jsonl);
        Thread.Sleep(1100);

        // The same bytes again: the published file stays, with its time (recognised from the manifest, not re-read).
        var (again, _) = InProcessBuild.Run(dir);
        Assert.AreEqual(first.Outputs.Single(o => o.Path == "data/train.jsonl").Sha256, again!.Outputs.Single(o => o.Path == "data/train.jsonl").Sha256);
        Assert.AreEqual(stamp, File.GetLastWriteTimeUtc(jsonl), "an unchanged output is not replaced");

        // Edited by hand, same length: written after the manifest, so it is not trusted and the build restores it.
        var edited = (byte[])built.Clone();
        edited[10] = (byte)(edited[10] == (byte)'x' ? 'y' : 'x');
        File.WriteAllBytes(jsonl, edited);
        var (restored, _) = InProcessBuild.Run(dir);
        Assert.IsNotNull(restored);
        CollectionAssert.AreEqual(built, File.ReadAllBytes(jsonl), "the build's bytes are back");
    }

    [TestMethod]
    public void RemovingAFileAndRevertingTheSpecAreCacheHitsWithTheOriginalHash()
    {
        using var dir = Project(Enumerable.Range(0, 30));
        var (first, _) = InProcessBuild.Run(dir);
        File.Move(dir.Combine("data/f007.jsonl"), dir.Combine("f007.jsonl.away"));
        var (smaller, _) = InProcessBuild.Run(dir);
        Assert.IsNotNull(smaller);
        Assert.IsGreaterThanOrEqualTo(smaller.Emit!.Jobs - 2, smaller.Emit.Reused);
        Assert.AreEqual(first!.Records.TotalIn - 900, smaller.Records.TotalIn);

        File.Move(dir.Combine("f007.jsonl.away"), dir.Combine("data/f007.jsonl"));
        var (back, _) = InProcessBuild.Run(dir);
        Assert.AreEqual(first.ContentHash, back!.ContentHash);
        Assert.AreEqual(back.Emit!.Jobs, back.Emit.Reused, "every job of the original version is still cached");
    }

    [TestMethod]
    public void TheVersionCheckComparesOnlyTheJobsThatDiffer()
    {
        using var dir = Project(Enumerable.Range(0, 20));
        InProcessBuild.Run(dir);
        dir.Write("data/f500.jsonl", Notes(500, 900));
        var (_, diagnostics) = InProcessBuild.Run(dir);
        var warning = diagnostics.Single(d => d.Code == "DSB4007");
        StringAssert.Contains(warning.Message, "records added, 0 removed, 0 changed");
        StringAssert.Contains(warning.Message, "minor");
    }

    [TestMethod]
    [DataRow("ingest", false)]
    [DataRow("filter", false)]
    [DataRow("label", true)]
    [DataRow("render", true)]
    [DataRow("emit-part", true)]
    public void AStageMemoNeverHidesAMissingOrCorruptEntry(string kind, bool corrupt)
    {
        using var dir = Project(Enumerable.Range(0, 6));
        var (first, _) = InProcessBuild.Run(dir);
        dir.Write("data/f100.jsonl", Notes(100, 900)); // the stages run again, with their memos of the first build
        var (grown, _) = InProcessBuild.Run(dir);
        foreach (var entry in Directory.EnumerateFiles(dir.Combine($"obj/cache/{kind}"), "*.dsbc", SearchOption.AllDirectories))
        {
            if (corrupt)
            {
                var bytes = File.ReadAllBytes(entry);
                bytes[bytes.Length / 3] ^= 0x5A;
                File.WriteAllBytes(entry, bytes);
            }
            else
            {
                File.Delete(entry);
            }
        }

        File.Delete(dir.Combine("data/f100.jsonl"));
        var (back, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(back, string.Join("\n", diagnostics));
        Assert.AreEqual(first!.ContentHash, back.ContentHash);
        dir.Write("data/f100.jsonl", Notes(100, 900));
        var (again, diagnostics2) = InProcessBuild.Run(dir);
        Assert.IsNotNull(again, string.Join("\n", diagnostics2));
        Assert.AreEqual(grown!.ContentHash, again.ContentHash);
        CollectionAssert.AreEqual(grown.Outputs.Select(o => o.Sha256).ToList(), again.Outputs.Select(o => o.Sha256).ToList());
    }

    [TestMethod]
    public void AFileLargerThanAPieceIsWrittenInSeveralPiecesInOrder()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        dir.Write("data/big.jsonl", Notes(1, 25_000));
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        Assert.AreEqual(1L, manifest.Emit!.Jobs);
        Assert.AreEqual(3, Directory.EnumerateFiles(dir.Combine("obj/cache/emit-part"), "*.dsbc", SearchOption.AllDirectories).Count(), "25,000 records make three pieces of at most 10,000");
        var lineage = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet"));
        Assert.AreEqual(25_000, lineage.Count);
        CollectionAssert.AreEqual(Enumerable.Range(1, 25_000).Select(r => (long)r).ToList(), lineage.Select(r => (long)r["source_row"]!).ToList(), "lineage rows in file order");
        var train = ParquetTestReader.ReadAll(dir.Combine("out/data/train.parquet"));
        var test = ParquetTestReader.ReadAll(dir.Combine("out/data/test.parquet"));
        Assert.AreEqual(manifest.Records.Kept, train.Count + test.Count);
        var jsonl = File.ReadAllLines(dir.Combine("out/data/train.jsonl"));
        CollectionAssert.AreEqual(train.Select(r => (string)r["id"]!).ToList(), jsonl.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()).ToList());
    }

    [TestMethod]
    public void ADatasetWhoseRecordsAreAllDroppedStillHasItsFiles()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec.Replace("min_words: 3", "min_words: 300"));
        dir.Write("data/a.jsonl", Notes(1, 50));
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        Assert.AreEqual(0L, manifest.Records.Kept);
        Assert.AreEqual(0, ParquetTestReader.ReadAll(dir.Combine("out/data/train.parquet")).Count);
        Assert.AreEqual(50, ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")).Count);
        Assert.AreEqual(0, new FileInfo(dir.Combine("out/data/test.jsonl")).Length);
    }
}
