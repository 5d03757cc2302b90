using DatasetBuild.Core.Operators.Filters;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Engine;

/// <summary>The caption filter: too short, generic, and reused captions are dropped (or flagged) with reasons.</summary>
[TestClass]
public sealed class CaptionTests
{
    private const string Spec = """
        name: captions
        version: 1.0.0
        task: { type: captioning, input: [image], target: caption }
        schema:
          image: string
          caption: string
        sources:
          - name: pairs
            path: data/*.jsonl
            id: key
            license: MIT
            provenance: { permissions: [train] }
        filters:
          - caption: { field: caption, min_words: 3, max_reuse: 2, action: ACTION }
        outputs:
          - format: jsonl
        """;

    private const string Records = """
        {"key": "good1", "image": "a.png", "caption": "A red bicycle leaning against a brick wall in the rain."}
        {"key": "good2", "image": "b.png", "caption": "Two children feeding ducks at the edge of a frozen pond."}
        {"key": "short", "image": "c.png", "caption": "A dog."}
        {"key": "generic1", "image": "d.png", "caption": "An image of a person standing outside."}
        {"key": "generic2", "image": "e.png", "caption": "A picture of something."}
        {"key": "reuse1", "image": "f.png", "caption": "Beautiful sunset over the ocean waves"}
        {"key": "reuse2", "image": "g.png", "caption": "Beautiful sunset over the ocean waves!"}
        {"key": "reuse3", "image": "h.png", "caption": "beautiful sunset over the ocean waves"}
        {"key": "pair1", "image": "i.png", "caption": "A yellow taxi waiting at a crossing."}
        {"key": "pair2", "image": "j.png", "caption": "A yellow taxi waiting at a crossing."}
        """;

    [TestMethod]
    public void VagueCaptionsAreDroppedWithReasonsAndSpecificOnesSurvive()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec.Replace("ACTION", "drop"));
        dir.Write("data/a.jsonl", Records);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var lineage = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")).ToDictionary(r => (string)r["record_id"]!);
        CollectionAssert.AreEquivalent(
            new[] { "good1", "good2", "pair1", "pair2" },
            lineage.Values.Where(r => (string?)r["status"] == "kept").Select(r => (string)r["record_id"]!).ToArray(),
            "a caption on two records is within max_reuse: 2");
        Assert.AreEqual("vague caption: too short (2 words, fewer than 3)", lineage["short"]["reason"]);
        Assert.AreEqual("vague caption: generic (only 'a person standing outside', 'an image')", lineage["generic1"]["reason"]);
        Assert.AreEqual("vague caption: generic (only 'a picture', 'something')", lineage["generic2"]["reason"]);
        Assert.AreEqual("vague caption: reused (the same caption on 3 records, more than 2)", lineage["reuse2"]["reason"]);
        Assert.AreEqual("caption.reuse", lineage["reuse1"]["stage"]);
        var reuse = manifest.Stages.Single(s => s.Name == "caption.reuse");
        Assert.AreEqual(3L, reuse.Dropped["vague caption: reused"]);
    }

    [TestMethod]
    public void FlagKeepsTheRecordsAndNotesWhy()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec.Replace("ACTION", "flag"));
        dir.Write("data/a.jsonl", Records);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        Assert.AreEqual(10L, manifest.Records.Kept);
        var lineage = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")).ToDictionary(r => (string)r["record_id"]!);
        Assert.AreEqual("vague caption: too short (2 words, fewer than 3)", lineage["short"]["notes"]);
        Assert.AreEqual("vague caption: reused (the same caption on 3 records, more than 2)", lineage["reuse3"]["notes"]);
        Assert.IsNull(lineage["good1"]["notes"]);
    }

    [TestMethod]
    public void GenericMeansNothingButGenericPhrasesAndFillerWords()
    {
        var vague = new VagueCaption(CaptionFilterSpec.DefaultGeneric);
        Assert.IsNull(vague.Judge("A picture of a dog on the beach", 3), "a dog on a beach is specific");
        Assert.AreEqual("generic", vague.Judge("This image shows a photo.", 1)!.Value.Kind);
        Assert.AreEqual("too short", vague.Judge("", 0)!.Value.Kind, "an empty caption is never acceptable");
        var custom = new VagueCaption(["product shot"]);
        Assert.AreEqual("generic", custom.Judge("Product shot", 1)!.Value.Kind);
        Assert.IsNull(custom.Judge("A person standing outside", 1), "a custom list replaces the defaults");
    }
}
