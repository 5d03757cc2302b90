using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Labels;

[TestClass]
public sealed class RulesAndCoverageTests
{
    private const string Spec = """
        name: rules
        version: 1.0.0
        task: { type: classification, input: text, target: label, labels: [billing, refund, technical, other] }
        schema:
          text: string
          label: string?
          channel: string?
        sources:
          - name: tickets
            path: data/*.jsonl
            license: MIT
            provenance: { permissions: [train] }
        labels:
          unknown: drop
          rules:
            - { name: refund-words, match: { field: text, pattern: "(?i)refund|money back" }, label: refund }
            - { name: phone-is-technical, where: "channel == 'phone'", label: technical, override: true }
        coverage:
          on_unmet: error
          targets:
            - { by: label, min_count: 1 }
            - { name: emails, where: "channel == 'email'", min_count: 2 }
        """;

    private const string Records = """
        {"text": "I want my money back", "channel": "email"}
        {"text": "Please refund me", "label": "billing", "channel": "email"}
        {"text": "The app crashes", "label": "other", "channel": "phone"}
        {"text": "Invoice question", "label": "billing", "channel": "chat"}
        {"text": "Just saying hi"}
        """;

    [TestMethod]
    public void RulesFillMissingLabelsAndOverrideOnlyWhenAsked()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec.Replace("min_count: 2", "min_count: 1").Replace("- { by: label, min_count: 1 }", "- { by: label, min_count: 0 }"));
        dir.Write("data/a.jsonl", Records);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var lineage = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")).ToDictionary(r => (long)r["source_row"]!);
        Assert.AreEqual("refund", lineage[1]["label"]);
        Assert.AreEqual("rule:refund-words", lineage[1]["label_origin"]);
        Assert.AreEqual("billing", lineage[2]["label"], "override: false keeps an existing label");
        Assert.AreEqual("source", lineage[2]["label_origin"]);
        Assert.AreEqual("technical", lineage[3]["label"], "override: true replaces it");
        Assert.AreEqual("rule:phone-is-technical", lineage[3]["label_origin"]);
        Assert.IsNull(lineage[5]["label"], "no rule matched");
    }

    [TestMethod]
    public void CoverageNamesEveryLabelUnderItsMinimumIncludingEmptyOnes()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec.Replace("on_unmet: error", "on_unmet: warn"));
        dir.Write("data/a.jsonl", Records);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var unmet = manifest.Coverage!.Where(c => !c.Met).Select(c => c.Value ?? c.Name).ToList();
        CollectionAssert.AreEqual(new[] { "other" }, unmet.ToArray());
        Assert.AreEqual(1L, manifest.Coverage!.Single(c => c.Value == "(missing)").ActualCount, "records without a label are counted as (missing)");
        var other = manifest.Coverage!.Single(c => c.Value == "other");
        Assert.AreEqual(0L, other.ActualCount, "a label of task.labels with no record is checked too");
        var warnings = diagnostics.Where(d => d.Code == DiagnosticCodes.CoverageUnmet).ToList();
        Assert.IsTrue(warnings.All(w => w.Severity == DiagnosticSeverity.Warning));
        StringAssert.Contains(string.Join("\n", warnings), "label 'other' has 0 records, below min_count 1 (short by 1)");
    }

    [TestMethod]
    public void AnUnmetTargetFailsAtItsOwnLine()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec.Replace("- { by: label, min_count: 1 }", "- { by: label, min_count: 0 }").Replace("min_count: 2", "min_count: 3"));
        dir.Write("data/a.jsonl", Records);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNull(manifest);
        var error = diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.AreEqual(DiagnosticCodes.CoverageUnmet, error.Code);
        Assert.AreEqual(22, error.Line);
        StringAssert.Contains(error.Message, "coverage target 'emails' unmet: slice \"channel == 'email'\" has 2 records, below min_count 3 (short by 1)");
        Assert.IsFalse(File.Exists(dir.Combine("out/manifest.json")), "nothing is published when a gate fails");
    }
}
