using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Engine;

[TestClass]
public sealed class RegexAndRelevanceTests
{
    [TestMethod]
    public void RegexDropsMatchesAndRelevanceKeepsWhatTheTaskIsAbout()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", """
            name: relevant
            version: 1.0.0
            schema:
              text: string
            sources:
              - name: notes
                path: data/*.jsonl
                id: key
                license: MIT
                provenance: { permissions: [train] }
            filters:
              - regex: { field: text, pattern: "(?i)lorem ipsum", action: drop }
              - relevance: { field: text, keywords: [refund, "money back"], min_hits: 1 }
            """);
        dir.Write("data/a.jsonl", """
            {"key": "r1", "text": "I want a Refund, please."}
            {"key": "r2", "text": "Lorem ipsum dolor refund"}
            {"key": "r3", "text": "Give me my MONEY-BACK now"}
            {"key": "r4", "text": "Refunding is not the same word"}
            {"key": "r5", "text": "Nice weather today"}
            """);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var lineage = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")).ToDictionary(r => (string)r["record_id"]!);
        Assert.AreEqual("kept", lineage["r1"]["status"]);
        Assert.AreEqual("matches /(?i)lorem ipsum/ in 'text'", lineage["r2"]["reason"]);
        Assert.AreEqual("kept", lineage["r3"]["status"], "phrases match across punctuation after normalisation");
        Assert.AreEqual("fewer than 1 keyword hits in 'text' (0 hits)", lineage["r4"]["reason"], "whole words only");
        Assert.AreEqual("dropped", lineage["r5"]["status"]);
    }
}
