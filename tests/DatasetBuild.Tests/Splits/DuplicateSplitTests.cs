using System.Text.Json;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Splits;

/// <summary>Duplicates that survive (no dedup, conflicts only flagged) still never straddle splits.</summary>
[TestClass]
public sealed class DuplicateSplitTests
{
    private const string Spec = """
        name: dup-splits
        version: 1.0.0
        task: { type: classification, input: [text], target: label, labels: [a, b] }
        schema:
          text: string
          label: string
        sources:
          - name: s
            path: data/*.jsonl
            id: key
            license: MIT
            provenance: { permissions: [train] }
        labels:
          conflicts: flag
        splits:
          ratios: { train: 0.5, validation: 0.25, test: 0.25 }
        outputs:
          - format: parquet
        """;

    [TestMethod]
    public void CopiesOfOneTextLandInOneSplitAndAddingDataMovesNothing()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        // 30 texts, each three times in different spellings and with different ids (and sometimes labels).
        dir.Write("data/a.jsonl", string.Join("\n", Enumerable.Range(0, 90).Select(i => JsonSerializer.Serialize(new
        {
            key = $"r{i}",
            text = (i % 3) switch { 0 => $"Question number {i / 3}?", 1 => $"question NUMBER {i / 3}", _ => $"Question number {i / 3}!!" },
            label = i % 7 == 0 ? "b" : "a",
        }))));
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        Assert.AreEqual(90L, manifest.Records.Kept);
        Assert.AreEqual(0L, manifest.Splits!.Leakage.DuplicateTextsAcrossSplits);
        var before = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")).ToDictionary(r => (string)r["record_id"]!, r => (string?)r["split"]);
        foreach (var copies in before.GroupBy(r => int.Parse(r.Key[1..], System.Globalization.CultureInfo.InvariantCulture) / 3))
        {
            Assert.AreEqual(1, copies.Select(c => c.Value).Distinct().Count(), $"text {copies.Key} straddles splits");
        }

        dir.Write("data/b.jsonl", string.Join("\n", Enumerable.Range(0, 20).Select(i => JsonSerializer.Serialize(new { key = $"n{i}", text = $"New question {i}", label = "a" }))));
        Assert.IsNotNull(InProcessBuild.Run(dir).Manifest);
        var after = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")).ToDictionary(r => (string)r["record_id"]!, r => (string?)r["split"]);
        foreach (var (id, split) in before)
        {
            Assert.AreEqual(split, after[id], $"record {id} moved");
        }
    }
}
