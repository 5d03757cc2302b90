using System.Text.Json;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Engine;

/// <summary>dedup.near in the pipeline: clusters across sources, keep rules, lineage, conflicts and against.</summary>
[TestClass]
public sealed class NearDedupTests
{
    private const string Spec = """
        name: near
        version: 1.0.0
        task: { type: classification, input: [text], target: label, labels: [a, b] }
        schema:
          text: string
          label: string?
        sources:
          - name: first
            path: first/*.jsonl
            id: key
            license: MIT
            provenance: { permissions: [train] }
          - name: second
            path: second/*.jsonl
            id: key
            license: MIT
            provenance: { permissions: [train] }
        dedup:
          exact: { fields: [text], normalize: true }
          near: { field: text, KEEP }
        labels:
          conflicts: flag
        outputs:
          - format: jsonl
        """;

    /// <summary>A 60-word text of its own for each seed (no 5-gram shared with another seed's text).</summary>
    private static string[] Words(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 60).Select(_ => "w" + random.Next(100_000).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    private static string Edit(string[] words, params int[] positions)
    {
        var copy = (string[])words.Clone();
        foreach (var at in positions)
        {
            copy[at] = "changed" + at.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return string.Join(' ', copy);
    }

    private static string Line(string key, string text, string label) => JsonSerializer.Serialize(new { key, text, label });

    private static (Core.Provenance.Manifest Manifest, Dictionary<string, Dictionary<string, object?>> Lineage) Build(TempDirectory dir, string keep)
    {
        dir.Write("dataset.yaml", Spec.Replace("KEEP", keep));
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var lineage = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")).ToDictionary(r => (string)r["record_id"]!);
        return (manifest, lineage);
    }

    private static void WriteCorpus(TempDirectory dir)
    {
        var a = Words(1);
        var b = Words(2);
        var c = Words(3);
        dir.Write("first/a.jsonl", string.Join("\n",
            Line("a0", string.Join(' ', a), "a"),
            Line("b0", string.Join(' ', b), "a"),
            Line("c0", string.Join(' ', c), "b")));
        dir.Write("second/b.jsonl", string.Join("\n",
            Line("a1", Edit(a, 30), "a"),                       // one word changed: jaccard 51/61 = 0.836
            Line("b1", Edit(b, 10, 40) + " and a longer tail", "b"), // two words changed: below 0.8, kept
            Line("c1", Edit(c, 59) + " extra words here", "a"),  // a near duplicate of c0 with another label
            Line("a2", string.Join(' ', a).ToUpperInvariant(), "a"))); // an exact duplicate (normalised) of a0
    }

    [TestMethod]
    public void NearDuplicatesAcrossSourcesPointAtTheKeptRecord()
    {
        using var dir = new TempDirectory();
        WriteCorpus(dir);
        var (manifest, lineage) = Build(dir, "keep: first");
        Assert.AreEqual("dropped", lineage["a1"]["status"]);
        Assert.AreEqual("dedup.near", lineage["a1"]["stage"]);
        Assert.AreEqual("near duplicate (jaccard 0.836)", lineage["a1"]["reason"]);
        Assert.AreEqual("a0", lineage["a1"]["duplicate_of"]);
        Assert.AreEqual("a0", lineage["a2"]["duplicate_of"]);
        Assert.AreEqual("dedup.exact", lineage["a2"]["stage"], "exact dedup runs first");
        Assert.AreEqual("kept", lineage["b1"]["status"], "two changed words put the pair below the threshold");
        Assert.AreEqual("c0", lineage["c1"]["duplicate_of"]);
        var near = manifest.NearDedup!;
        Assert.AreEqual(14, near.Bands);
        Assert.AreEqual(9, near.Rows);
        Assert.AreEqual(2L, near.Duplicates);
        Assert.AreEqual(2L, manifest.Stages.Single(s => s.Name == "dedup.near").Dropped["near duplicate"]);
        Assert.AreEqual("first", (string?)manifest.Stages.Single(s => s.Name == "dedup.near").Parameters!["keep"], "the manifest records each stage's parameters");
        Assert.AreEqual("flag", (string?)manifest.Stages.Single(s => s.Name == "conflicts").Parameters!["resolution"]);
        Assert.IsNull(manifest.Stages.Single(s => s.Name == "ingest").Parameters);
        Assert.AreEqual(1L, manifest.Conflicts!.Groups, "c0 and c1 are near duplicates with different labels");
        CollectionAssert.AreEqual(new[] { "c0", "c1" }, manifest.Conflicts.Worst[0].RecordIds);
    }

    [TestMethod]
    public void KeepLongestKeepsTheLongestMemberOfACluster()
    {
        using var dir = new TempDirectory();
        WriteCorpus(dir);
        var (_, lineage) = Build(dir, "keep: longest");
        Assert.AreEqual("kept", lineage["c1"]["status"]);
        Assert.AreEqual("c1", lineage["c0"]["duplicate_of"]);
    }

    [TestMethod]
    public void AgainstDropsRecordsAlreadyReleased()
    {
        using var released = new TempDirectory();
        WriteCorpus(released);
        Build(released, "keep: first");
        using var dir = new TempDirectory();
        CopyFolder(released.Combine("out"), dir.Combine("releases/v1"));
        var d = Words(4);
        dir.Write("first/a.jsonl", string.Join("\n", Line("new", string.Join(' ', d), "a"), Line("again", Edit(Words(2), 5), "a")));
        dir.Write("second/b.jsonl", Line("fresh", Edit(d, 1, 20, 40), "b"));
        var (manifest, lineage) = Build(dir, "against: releases/v1");
        Assert.AreEqual("near duplicate of a released record", lineage["again"]["reason"]!.ToString()!.Split(" (")[0]);
        Assert.AreEqual("b0", lineage["again"]["duplicate_of"], "the id of the released record");
        Assert.AreEqual("kept", lineage["new"]["status"]);
        Assert.AreEqual("kept", lineage["fresh"]["status"]);
        Assert.AreEqual(1L, manifest.NearDedup!.DroppedAsReleased);
        Assert.AreEqual(4L, manifest.NearDedup.ReleasedRecords, "a0, b0, b1 and c0 were released");
    }

    [TestMethod]
    public void AgainstAMissingReleaseIsALocatedError()
    {
        using var dir = new TempDirectory();
        WriteCorpus(dir);
        dir.Write("dataset.yaml", Spec.Replace("KEEP", "against: releases/v9"));
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNull(manifest);
        var error = diagnostics.Single(d => d.Severity == Core.Diagnostics.DiagnosticSeverity.Error);
        Assert.AreEqual(Core.Diagnostics.DiagnosticCodes.SpecNotFound, error.Code);
        Assert.AreEqual(20, error.Line);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
