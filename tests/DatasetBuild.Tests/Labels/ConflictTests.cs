using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Labels;

/// <summary>Duplicate texts with different labels: counted, and resolved as the spec says.</summary>
[TestClass]
public sealed class ConflictTests
{
    private const string Spec = """
        name: conflicts
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
        labels:
          unknown: drop
          conflicts: MODE
        """;

    // Groups by normalised text: "alpha" a,a,b (conflict, majority a); "beta" a,b (conflict, tie -> a, seen first);
    // "gamma" b,b (agree); "delta" a (single).
    private const string Records = """
        {"text": "Alpha!", "label": "a"}
        {"text": "beta", "label": "a"}
        {"text": "alpha", "label": "a"}
        {"text": "ALPHA", "label": "b"}
        {"text": "Beta.", "label": "b"}
        {"text": "gamma", "label": "b"}
        {"text": "Gamma", "label": "b"}
        {"text": "delta", "label": "a"}
        """;

    private static (Core.Provenance.Manifest? Manifest, List<Diagnostic> Diagnostics, Dictionary<long, Dictionary<string, object?>> Lineage) Build(string mode, string extra = "")
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec.Replace("MODE", mode) + extra);
        dir.Write("data/a.jsonl", Records);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        var lineage = manifest is null ? [] : ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")).ToDictionary(r => (long)r["source_row"]!);
        return (manifest, diagnostics, lineage);
    }

    [TestMethod]
    public void FlagCountsTheGroupsListsTheWorstAndOnlyNotesTheRecords()
    {
        var (manifest, diagnostics, lineage) = Build("flag");
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        Assert.AreEqual(2L, manifest.Conflicts!.Groups);
        Assert.AreEqual(5L, manifest.Conflicts.Records);
        Assert.AreEqual("flag", manifest.Conflicts.Resolution);
        Assert.AreEqual(8L, manifest.Records.Kept);
        Assert.AreEqual("b", lineage[4]["label"]);
        Assert.AreEqual("conflicting labels: a (2), b (1)", lineage[4]["notes"]);
        Assert.IsNull(lineage[6]["notes"], "gamma's labels agree");
        var worst = manifest.Conflicts.Worst;
        Assert.HasCount(2, worst);
        Assert.AreEqual(3L, worst[0].Records, "the alpha group is the largest");
        Assert.AreEqual(2L, worst[0].Labels["a"]);
        Assert.AreEqual(1L, worst[0].Labels["b"]);
        CollectionAssert.AreEqual(new[] { lineage[1]["record_id"], lineage[3]["record_id"], lineage[4]["record_id"] }, worst[0].RecordIds);
        Assert.AreEqual(2L, worst[1].Records);
    }

    [TestMethod]
    public void MajorityRelabelsTheMinority()
    {
        var (manifest, diagnostics, lineage) = Build("majority");
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        Assert.AreEqual("a", lineage[4]["label"]);
        Assert.AreEqual("conflict:majority", lineage[4]["label_origin"]);
        Assert.AreEqual("a", lineage[5]["label"], "a tie goes to the label seen first");
        Assert.AreEqual("source", lineage[1]["label_origin"]);
    }

    [TestMethod]
    public void DropRemovesEveryRecordOfAConflictGroup()
    {
        var (manifest, diagnostics, lineage) = Build("drop");
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        foreach (var row in new long[] { 1, 2, 3, 4, 5 })
        {
            Assert.AreEqual("dropped", lineage[row]["status"]);
            StringAssert.StartsWith((string)lineage[row]["reason"]!, "conflicting labels (");
        }

        Assert.AreEqual(3L, manifest.Records.Kept);
    }

    [TestMethod]
    public void ErrorPointsAtTheFirstConflictingRecord()
    {
        var (manifest, diagnostics, _) = Build("error");
        Assert.IsNull(manifest);
        var error = diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.AreEqual(DiagnosticCodes.LabelConflict, error.Code);
        Assert.AreEqual("data/a.jsonl", error.File);
        Assert.AreEqual(1, error.Line);
        StringAssert.Contains(error.Message, "2 groups of duplicate records carry different labels");
    }

    [TestMethod]
    public void WithExactDedupTheKeptRecordCarriesTheResolution()
    {
        var (manifest, diagnostics, lineage) = Build("majority", "\ndedup:\n  exact: { fields: [text], normalize: true }\n");
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        Assert.AreEqual(2L, manifest.Conflicts!.Groups);
        Assert.AreEqual("kept", lineage[1]["status"]);
        Assert.AreEqual("kept", lineage[2]["status"]);
        Assert.AreEqual("exact duplicate", lineage[4]["reason"]);
        Assert.AreEqual(4L, manifest.Records.Kept);
    }
}
