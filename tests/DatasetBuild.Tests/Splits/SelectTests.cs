using System.Text;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Splits;

[TestClass]
public sealed class SelectTests
{
    private static HashSet<string> KeptIds(string seed)
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", $"""
            name: capped
            version: 1.0.0
            schema:
              text: string
              label: string?
            sources:
              - name: notes
                path: data/*.jsonl
                license: MIT
                provenance:
                  permissions: [train]
            select:
              seed: {seed}
              cap: {"{"} by: label, max: 5 {"}"}
            """);
        var records = new StringBuilder();
        for (var i = 0; i < 30; i++)
        {
            records.Append($"{{\"text\": \"note {i}\", \"label\": \"{(i < 20 ? "big" : "small")}\"}}\n");
        }

        dir.Write("data/a.jsonl", records.ToString());
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var lineage = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet"));
        Assert.AreEqual(10L, manifest.Records.Kept, "5 per label");
        Assert.AreEqual(20, lineage.Count(r => (string?)r["reason"] is { } reason && reason.StartsWith("capped: more than 5 per 'label'", StringComparison.Ordinal)));
        return lineage.Where(r => (string)r["status"]! == "kept").Select(r => (string)r["record_id"]!).ToHashSet();
    }

    [TestMethod]
    public void CapKeepsTheSameSeededSampleEveryTime()
    {
        var first = KeptIds("42");
        CollectionAssert.AreEquivalent(first.ToList(), KeptIds("42").ToList());
        CollectionAssert.AreNotEquivalent(first.ToList(), KeptIds("7").ToList(), "another seed, another sample");
    }
}
