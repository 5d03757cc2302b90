using System.Text.Json;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Labels;

/// <summary>feedback: a model's errors per slice beside coverage, and min_count raised where it errs.</summary>
[TestClass]
public sealed class FeedbackTests
{
    private const string Spec = """
        name: feedback
        version: 1.0.0
        task: { type: classification, input: [text], target: label, labels: [a, b, c] }
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
          field: label
        feedback: { file: eval/results.jsonl, by: label }
        coverage:
          on_unmet: error
          targets:
            - { by: label, min_count: 2, max_error: 0.3, error_min_count: 6 }
        outputs:
          - format: parquet
        """;

    private static void Write(TempDirectory dir)
    {
        dir.Write("dataset.yaml", Spec);
        dir.Write("data/a.jsonl", string.Join("\n", Enumerable.Range(0, 13).Select(i =>
            JsonSerializer.Serialize(new { key = $"r{i}", text = $"text {i}", label = i < 8 ? "a" : i < 11 ? "b" : "c" }))));
        // a: 1 error in 4 evaluated (0.25); b: 2 errors in 3 (0.67); c: a per-slice row.
        dir.Write("eval/results.jsonl", """
            {"id": "r0", "correct": true}
            {"id": "r1", "correct": true}
            {"id": "r2", "correct": false}
            {"id": "r3", "error": 0}
            {"id": "r8", "correct": false}
            {"id": "r9", "error": true}
            {"id": "r10", "correct": true}
            {"label": "c", "error_rate": 0.1, "count": 40}
            """);
    }

    [TestMethod]
    public void ASliceWithHighErrorNeedsMoreRecordsAndFailsAtTheTargetLine()
    {
        using var dir = new TempDirectory();
        Write(dir);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNull(manifest);
        var error = diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.AreEqual(DiagnosticCodes.CoverageUnmet, error.Code);
        Assert.AreEqual(19, error.Line);
        StringAssert.Contains(error.Message, "label 'b' has 3 records, below min_count 6");
        StringAssert.Contains(error.Message, "error rate 0.667 is above max_error 0.3");
    }

    [TestMethod]
    public void TheManifestGivesEachSliceItsErrorRateBesideItsRecords()
    {
        using var dir = new TempDirectory();
        Write(dir);
        dir.Write("dataset.yaml", Spec.Replace("on_unmet: error", "on_unmet: warn"));
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var slices = manifest.Feedback!.Slices.ToDictionary(s => s.Value);
        Assert.AreEqual(8L, slices["a"].Records);
        Assert.AreEqual(4L, slices["a"].Evaluated);
        Assert.AreEqual(0.25, slices["a"].ErrorRate);
        Assert.AreEqual(0.666667, slices["b"].ErrorRate);
        Assert.AreEqual(0.1, slices["c"].ErrorRate);
        Assert.AreEqual(40L, slices["c"].Evaluated);
        var coverage = manifest.Coverage!.ToDictionary(c => c.Value!);
        Assert.AreEqual(2L, coverage["a"].MinCount, "a's error rate is below max_error");
        Assert.AreEqual(6L, coverage["b"].MinCount);
        Assert.IsFalse(coverage["b"].Met);
        Assert.AreEqual(2L, coverage["c"].MinCount, "c's per-slice error rate is below max_error");
        Assert.IsTrue(coverage["c"].Met);
    }
}
