using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Engine;

[TestClass]
public sealed class EmptyDatasetTests
{
    private const string Spec = """
        name: empty
        version: 1.0.0
        schema:
          text: string
        sources:
          - name: notes
            path: data/*.jsonl
            license: MIT
            provenance: { permissions: [train] }
        filters:
          - length: { field: text, min_words: 2 }
          - name: long-only
            length: { field: text, min_words: 5 }
        """;

    [TestMethod]
    public void ABuildThatKeepsNothingWarnsAtTheFilterThatDroppedMost()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        dir.Write("data/a.jsonl", "{\"text\": \"one\"}\n{\"text\": \"two three\"}\n{\"text\": \"four five six\"}\n");
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, "an empty dataset is still a result: " + string.Join("\n", diagnostics));
        Assert.AreEqual(0L, manifest.Records.Kept);
        var warning = diagnostics.Single(d => d.Code == DiagnosticCodes.DatasetEmpty);
        Assert.AreEqual(DiagnosticSeverity.Warning, warning.Severity);
        StringAssert.Contains(warning.Message, "all 3 input records were dropped, 2 of them by 'long-only'");
        Assert.AreEqual(13, warning.Line, $"points at the filter that dropped the most: {warning}");
    }

    [TestMethod]
    public void EmptySourcesWarnToo()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        dir.Write("data/a.jsonl", "");
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        StringAssert.Contains(diagnostics.Single(d => d.Code == DiagnosticCodes.DatasetEmpty).Message, "the sources hold no records");
    }

    [TestMethod]
    public void ABuildThatKeepsRecordsDoesNotWarn()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        dir.Write("data/a.jsonl", "{\"text\": \"one two three four five\"}\n");
        var (_, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsFalse(diagnostics.Any(d => d.Code == DiagnosticCodes.DatasetEmpty));
    }
}
