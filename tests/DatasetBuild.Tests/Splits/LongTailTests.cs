using System.Text.Json;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Splits;

/// <summary>select.long_tail: thin groups are topped up from a reserve source, deterministically.</summary>
[TestClass]
public sealed class LongTailTests
{
    private const string Spec = """
        name: tail
        version: 1.0.0
        task: { type: classification, input: [text], target: label, labels: [a, b, c] }
        schema:
          text: string
          label: string
        sources:
          - name: main
            path: main/*.jsonl
            id: key
            license: MIT
            provenance: { permissions: [train] }
          - name: reserve
            path: reserve/*.jsonl
            id: key
            license: MIT
            provenance: { permissions: [train] }
        labels:
          field: label
        select:
          seed: 7
          long_tail: { by: label, min: 4, from: reserve }
        outputs:
          - format: jsonl
        """;

    private static string Lines(string prefix, params (string Label, int Count)[] groups) => string.Join("\n", groups.SelectMany(g =>
        Enumerable.Range(0, g.Count).Select(i => JsonSerializer.Serialize(new { key = $"{prefix}-{g.Label}{i}", text = $"{prefix} text {g.Label} {i}", label = g.Label }))));

    [TestMethod]
    public void ThinGroupsArePulledFromTheReserveAndTheRestIsSetAside()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        dir.Write("main/a.jsonl", Lines("m", ("a", 10), ("b", 2)));
        dir.Write("reserve/r.jsonl", Lines("r", ("a", 3), ("b", 5), ("c", 1)));
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        Assert.AreEqual(10L, manifest.Labels!.Counts["a"], "a had enough: no reserve record");
        Assert.AreEqual(4L, manifest.Labels.Counts["b"]);
        Assert.AreEqual(1L, manifest.Labels.Counts["c"]);
        var groups = manifest.LongTail!;
        Assert.HasCount(2, groups);
        Assert.AreEqual("b", groups[0].Value);
        Assert.AreEqual(2L, groups[0].Pulled);
        Assert.IsTrue(groups[0].Met);
        Assert.AreEqual("c", groups[1].Value);
        Assert.AreEqual(0L, groups[1].Had);
        Assert.AreEqual(1L, groups[1].Pulled);
        Assert.IsFalse(groups[1].Met, "the reserve had one c record, the minimum is 4");

        var lineage = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")).ToDictionary(r => (string)r["record_id"]!);
        Assert.AreEqual("reserve not needed ('label' = a has 10 of 4)", lineage["r-a0"]["reason"]);
        var pulled = lineage.Values.Where(r => ((string)r["record_id"]!).StartsWith("r-b", StringComparison.Ordinal) && (string?)r["status"] == "kept").ToList();
        Assert.HasCount(2, pulled);
        StringAssert.StartsWith((string)pulled[0]["notes"]!, "pulled from reserve 'reserve'");

        // The same seed chooses the same reserve records on a rebuild from scratch.
        using var again = new TempDirectory();
        again.Write("dataset.yaml", Spec);
        again.Write("main/a.jsonl", Lines("m", ("a", 10), ("b", 2)));
        again.Write("reserve/r.jsonl", Lines("r", ("a", 3), ("b", 5), ("c", 1)));
        Assert.IsNotNull(InProcessBuild.Run(again).Manifest);
        var pulledAgain = ParquetTestReader.ReadAll(again.Combine("out/lineage.parquet"))
            .Where(r => ((string)r["record_id"]!).StartsWith("r-b", StringComparison.Ordinal) && (string?)r["status"] == "kept")
            .Select(r => r["record_id"]).ToList();
        CollectionAssert.AreEqual(pulled.Select(r => r["record_id"]).ToList(), pulledAgain);
    }

    [TestMethod]
    public void AnUnknownReserveSourceIsALocatedError()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec.Replace("from: reserve", "from: reserv"));
        dir.Write("main/a.jsonl", Lines("m", ("a", 1)));
        dir.Write("reserve/r.jsonl", Lines("r", ("a", 1)));
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNull(manifest);
        var error = diagnostics.Single(d => d.Severity == Core.Diagnostics.DiagnosticSeverity.Error);
        Assert.AreEqual(Core.Diagnostics.DiagnosticCodes.SpecBadValue, error.Code);
        StringAssert.Contains(error.Message, "did you mean 'reserve'?");
        Assert.AreEqual(22, error.Line);
    }
}
