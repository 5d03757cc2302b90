using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Engine;

[TestClass]
public sealed class PipelineTests
{
    private const string Spec = """
        name: dedup-check
        version: 1.0.0
        task: { type: classification, input: text, target: label, labels: [a, b] }
        schema:
          text: string
          label: string?
        sources:
          - name: notes
            path: data/*.jsonl
            license: MIT
            provenance: { permissions: [train] }
        filters:
          - length: { field: text, min_words: 2 }
        labels:
          normalize: { "A-variant": a }
          unknown: drop
        dedup:
          exact: { fields: [text], normalize: true }
        outputs:
          - format: parquet
          - format: jsonl
        """;

    private static TempDirectory Project(string jsonl)
    {
        var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        dir.Write("data/notes.jsonl", jsonl);
        return dir;
    }

    [TestMethod]
    public void ExactDedupDropsExactlyTheNormalisedRepeats()
    {
        using var dir = Project("""
            {"text": "Hello world, again", "label": "a"}
            {"text": "hello   WORLD again!", "label": "b"}
            {"text": "Something else entirely", "label": "A-variant"}
            {"text": "HELLO-world again", "label": "a"}
            {"text": "short", "label": "a"}
            {"text": "Unknown label here", "label": "zzz"}
            {"text": "Something else entirely", "label": "b"}
            """);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));

        var lineage = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet"));
        Assert.HasCount(7, lineage, "one lineage row per input record");
        var byRow = lineage.ToDictionary(r => (long)r["source_row"]!);
        Assert.AreEqual("kept", byRow[1]["status"]);
        Assert.AreEqual("exact duplicate", byRow[2]["reason"]);
        Assert.AreEqual(byRow[1]["record_id"], byRow[2]["duplicate_of"]);
        Assert.AreEqual(byRow[1]["record_id"], byRow[4]["duplicate_of"]);
        Assert.AreEqual("length", byRow[5]["stage"]);
        StringAssert.StartsWith((string)byRow[5]["reason"]!, "fewer than 2 words in 'text'");
        Assert.AreEqual("unknown label ('zzz')", byRow[6]["reason"]);
        Assert.AreEqual("normalized", byRow[3]["label_origin"]);
        Assert.AreEqual("a", byRow[3]["label"]);
        Assert.AreEqual(byRow[3]["record_id"], byRow[7]["duplicate_of"]);

        var data = ParquetTestReader.ReadAll(dir.Combine("out/data/all.parquet"));
        Assert.HasCount(2, data);
        Assert.AreEqual(2L, manifest.Records.Kept);
        Assert.AreEqual(7L, manifest.Records.TotalIn);
        Assert.AreEqual(3L, manifest.Stages.Single(s => s.Kind == "dedup").Dropped["exact duplicate"]);
        Assert.AreEqual(2, File.ReadAllLines(dir.Combine("out/data/all.jsonl")).Length);
        Assert.AreEqual(2L, manifest.Labels!.Counts["a"]);
        Assert.AreEqual(0L, manifest.Labels.Counts["b"], "labels with no kept record are listed with 0");
    }

    [TestMethod]
    public void SecondRunIsAllCacheHitsWithTheSameContentHash()
    {
        using var dir = Project("{\"text\": \"one two\", \"label\": \"a\"}\n{\"text\": \"three four\", \"label\": \"b\"}\n");
        var (first, _) = InProcessBuild.Run(dir);
        var (second, _) = InProcessBuild.Run(dir);
        Assert.IsTrue(first!.Stages.All(s => s.Cache == "miss"));
        Assert.IsTrue(second!.Stages.All(s => s.Cache == "hit"), string.Join(",", second.Stages.Select(s => s.Name + ":" + s.Cache)));
        Assert.AreEqual(first.ContentHash, second.ContentHash);
    }

    [TestMethod]
    public void CrlfAndRenamedFilesKeepTheContentHash()
    {
        using var dir = Project("{\"text\": \"one two\", \"label\": \"a\"}\n{\"text\": \"three four\", \"label\": \"b\"}\n");
        dir.Write("data/more.jsonl", "{\"text\": \"five six\", \"label\": \"a\"}\n");
        var (before, _) = InProcessBuild.Run(dir);
        File.WriteAllText(dir.Combine("data/notes.jsonl"), File.ReadAllText(dir.Combine("data/notes.jsonl")).Replace("\n", "\r\n"));
        File.Move(dir.Combine("data/more.jsonl"), dir.Combine("data/a-first.jsonl"));
        var (after, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(after, string.Join("\n", diagnostics));
        Assert.AreEqual(before!.ContentHash, after.ContentHash);
    }

    [TestMethod]
    public void CorruptCacheEntryIsReportedAndRebuilt()
    {
        const string records = "{\"text\": \"one two\", \"label\": \"a\"}\n{\"text\": \"three\", \"label\": \"b\"}\n";
        using var dir = Project(records);
        InProcessBuild.Run(dir);
        foreach (var entry in Directory.EnumerateFiles(dir.Combine("obj/cache/ingest"), "*.dsbc", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(entry);
            bytes[3] ^= 0xFF;
            File.WriteAllBytes(entry, bytes);
        }

        // A new filter config makes the filter stage read the (now corrupt) ingest entry again.
        var changedSpec = Spec.Replace("min_words: 2", "min_words: 1");
        dir.Write("dataset.yaml", changedSpec);
        var (rebuilt, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(rebuilt, string.Join("\n", diagnostics));
        var warning = diagnostics.Single(d => d.Code == DiagnosticCodes.CacheCorrupt);
        Assert.AreEqual(DiagnosticSeverity.Warning, warning.Severity);
        StringAssert.Contains(warning.Message, "does not match its hash");

        using var clean = Project(records);
        clean.Write("dataset.yaml", changedSpec);
        var (reference, _) = InProcessBuild.Run(clean);
        Assert.AreEqual(reference!.ContentHash, rebuilt.ContentHash, "the rebuilt entry gives the same content hash as a clean build");
    }

    [TestMethod]
    [DataRow("ingest")]
    [DataRow("filter")]
    [DataRow("label")]
    [DataRow("dedup-keys")]
    [DataRow("dedup")]
    [DataRow("render")]
    [DataRow("emit")]
    [DataRow("emit-part")]
    public void ACorruptEntryIsFoundWhenAStageReadsIt(string kind)
    {
        using var dir = Project("{\"text\": \"one two\", \"label\": \"a\"}\n{\"text\": \"three four\", \"label\": \"b\"}\n");
        var (first, _) = InProcessBuild.Run(dir);
        var entries = Directory.EnumerateFiles(dir.Combine($"obj/cache/{kind}"), "*.dsbc", SearchOption.AllDirectories).ToList();
        Assert.IsNotEmpty(entries);
        var corrupted = new Dictionary<string, byte[]>();
        foreach (var entry in entries)
        {
            var bytes = File.ReadAllBytes(entry);
            bytes[(bytes.Length - 32) / 2] ^= 0x5A;
            File.WriteAllBytes(entry, bytes);
            corrupted[entry] = bytes;
        }

        // Every other entry and the stage state are gone: the stages run again, and the one that reuses the
        // corrupt entries reads them (a reused entry that no stage reads is not read, and cannot harm the dataset).
        foreach (var other in Directory.GetDirectories(dir.Combine("obj/cache")).Where(d => Path.GetFileName(d) != kind && !Path.GetFileName(d).StartsWith(kind + "-", StringComparison.Ordinal)))
        {
            Directory.Delete(other, recursive: true);
        }

        Directory.Delete(dir.Combine("obj/state"), recursive: true);
        var (second, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(second, string.Join("\n", diagnostics));
        var warnings = diagnostics.Where(d => d.Code == DiagnosticCodes.CacheCorrupt).ToList();
        Assert.IsTrue(warnings.All(w => w.Severity == DiagnosticSeverity.Warning));
        foreach (var (entry, bytes) in corrupted)
        {
            // Found by its hash (reported, deleted, rebuilt), or by its structure (a base it names is not there:
            // rebuilt in place): either way no corrupt entry survives a build that needed it.
            var reported = warnings.Any(w => Path.GetFullPath(w.File!) == Path.GetFullPath(entry));
            var replaced = !File.Exists(entry) || !File.ReadAllBytes(entry).AsSpan().SequenceEqual(bytes);
            Assert.IsTrue(reported || replaced, $"the corrupt {kind} entry {entry} survived: {string.Join("; ", diagnostics)}");
        }

        Assert.AreEqual(first!.ContentHash, second.ContentHash);
    }

    [TestMethod]
    [DataRow("ingest")]
    [DataRow("label")]
    [DataRow("emit-part")]
    [DataRow("emit")]
    public void ALargeEntryDamagedNearItsStartIsFoundEvenWhenItFailsToDecode(string kind)
    {
        // Entries over 64 KB are decoded before their end is read, where the hash is checked: damage near the start
        // makes the decoder fail first. The build must still find the entry, discard it and rebuild it.
        var lines = string.Concat(Enumerable.Range(0, 3000).Select(i => $"{{\"text\": \"record number {i} with some words\", \"label\": \"{(i % 2 == 0 ? "a" : "b")}\"}}\n"));
        using var dir = Project(lines);
        var (first, _) = InProcessBuild.Run(dir);
        foreach (var entry in Directory.EnumerateFiles(dir.Combine($"obj/cache/{kind}"), "*.dsbc", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(entry);
            if (bytes.Length < 200)
            {
                continue;
            }

            for (var at = 5; at < 60; at += 7)
            {
                bytes[at] ^= 0xA5;
            }

            File.WriteAllBytes(entry, bytes);
        }

        foreach (var other in Directory.GetDirectories(dir.Combine("obj/cache")).Where(d => Path.GetFileName(d) != kind && !Path.GetFileName(d).StartsWith(kind + "-", StringComparison.Ordinal)))
        {
            Directory.Delete(other, recursive: true);
        }

        Directory.Delete(dir.Combine("obj/state"), recursive: true);
        var (second, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(second, string.Join("\n", diagnostics));
        Assert.IsFalse(diagnostics.Any(d => d.Code == DiagnosticCodes.InternalError), string.Join("\n", diagnostics));
        Assert.AreEqual(first!.ContentHash, second.ContentHash);
        Assert.AreEqual(first.Outputs.Single(o => o.Format == "parquet").Sha256, second.Outputs.Single(o => o.Format == "parquet").Sha256);
    }

    [TestMethod]
    public void BadRecordIsALocatedErrorOrATracedDrop()
    {
        using var dir = Project("{\"text\": \"one two\", \"label\": \"a\"}\n{\"label\": \"a\"}\n{not json}\n");
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNull(manifest);
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.HasCount(2, errors);
        Assert.AreEqual("data/notes.jsonl(2): error DSB2004: missing required field 'text'", errors[0].ToString());
        Assert.AreEqual(3, errors[1].Line);

        dir.Write("dataset.yaml", Spec.Replace("license: MIT", "license: MIT\n    on_error: skip"));
        (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var lineage = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet"));
        Assert.HasCount(3, lineage);
        Assert.AreEqual(2, lineage.Count(r => (string?)r["stage"] == "ingest"));
    }

    [TestMethod]
    public void IdenticalRecordsGetDistinctIds()
    {
        using var dir = Project("{\"text\": \"same text\", \"label\": \"a\"}\n{\"text\": \"same text\", \"label\": \"a\"}\n");
        dir.Write("dataset.yaml", Spec.Replace("dedup:\n  exact: { fields: [text], normalize: true }\n", ""));
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var ids = ParquetTestReader.ReadAll(dir.Combine("out/data/all.parquet")).Select(r => (string)r["id"]!).ToList();
        Assert.HasCount(2, ids);
        Assert.AreEqual(ids[0] + "-2", ids[1]);
    }
}
