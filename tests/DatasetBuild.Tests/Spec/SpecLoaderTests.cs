using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Spec;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Spec;

[TestClass]
public sealed class SpecLoaderTests
{
    private static (DatasetSpec? Spec, DiagnosticBag Diagnostics) Parse(string yaml)
    {
        var diagnostics = new DiagnosticBag();
        var spec = SpecLoader.Parse(yaml, "/project/dataset.yaml", diagnostics, "dataset.yaml");
        return (spec, diagnostics);
    }

    private static Diagnostic SingleError(string yaml)
    {
        var (spec, diagnostics) = Parse(yaml);
        Assert.IsNull(spec);
        var errors = diagnostics.Items.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.HasCount(1, errors, string.Join("\n", errors));
        return errors[0];
    }

    [TestMethod]
    public void LoadsTheFullSupportedKeySet()
    {
        var (spec, diagnostics) = Parse("""
            name: support-intents
            version: 1.2.0-beta.1
            description: demo
            task:
              type: classification
              input: text
              target: label
              labels: [billing, refund]
              intended_use: research
            schema:
              id: string
              text: string
              label: string?
              score: float?
              when: datetime?
            sources:
              - name: tickets
                path: data/**/*.jsonl
                id: ticket_id
                map: { text: body }
                on_error: skip
                license: CC-BY-4.0
                provenance: { origin: export, collected: 2025-06-30, method: api, consent: tos, permissions: [train] }
            filters:
              - length: { field: text, min_words: 3, max_chars: 4000 }
              - { name: no-spam, where: "label != 'spam' && len(text) > 3" }
              - required: [label]
            dedup:
              exact: { fields: [text], normalize: true }
            labels:
              normalize: { "Billing Issue": billing }
              unknown: drop
            outputs:
              - format: parquet
              - { format: jsonl }
            """);
        Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        Assert.IsNotNull(spec);
        Assert.AreEqual("jsonl", spec.Sources[0].Format, "format is inferred from the extension");
        Assert.HasCount(3, spec.Filters);
        Assert.AreEqual("no-spam", spec.Filters[1].DisplayName);
        Assert.AreEqual("label", spec.Labels!.Field, "labels.field defaults to task.target");
        Assert.IsTrue(spec.Dedup!.Exact!.Normalize);
        Assert.AreEqual(4, spec.Schema.Count, "id travels beside the fields");
    }

    [TestMethod]
    public void UnknownKeyPointsAtItWithSuggestion()
    {
        var error = SingleError(SpecText.Minimal + """

            filters:
              - length: { field: text, min_word: 3, max_chars: 10 }
            """);
        Assert.AreEqual(DiagnosticCodes.SpecUnknownKey, error.Code);
        Assert.AreEqual(12, error.Line);
        Assert.AreEqual(28, error.Column);
        StringAssert.Contains(error.Message, "did you mean 'min_words'?");
        StringAssert.StartsWith(error.ToString(), "dataset.yaml(12,28): error DSB1003:");
    }

    [TestMethod]
    public void DuplicateKeyIsLocated()
    {
        var error = SingleError(SpecText.Minimal.Replace("version: 1.0.0", "version: 1.0.0\nversion: 1.0.1"));
        Assert.AreEqual(DiagnosticCodes.SpecDuplicateKey, error.Code);
        Assert.AreEqual(3, error.Line);
    }

    [TestMethod]
    public void WrongTypeIsLocated()
    {
        var error = SingleError(SpecText.Minimal + "\nfilters: { length: 3 }");
        Assert.AreEqual(DiagnosticCodes.SpecWrongType, error.Code);
        StringAssert.Contains(error.Message, "must be a list");
    }

    [TestMethod]
    public void AScalarOfTheWrongTypeIsQuoted()
    {
        var error = SingleError(SpecText.Minimal.Replace("version: 1.0.0", "version: 1.0.0\nsplits: { ratios: { train: 1 }, seed: seven }"));
        Assert.AreEqual(DiagnosticCodes.SpecWrongType, error.Code);
        StringAssert.Contains(error.Message, "'seed' in 'splits' must be a whole number, not 'seven'");
    }

    [TestMethod]
    public void AMultiLineScalarOfTheWrongTypeIsShownOnOneLine()
    {
        var error = SingleError(SpecText.Minimal + "\nfilters: |\n  one\n  two\n");
        Assert.AreEqual(DiagnosticCodes.SpecWrongType, error.Code);
        StringAssert.Contains(error.Message, "must be a list, not 'one…'");
        Assert.IsFalse(error.ToString().Contains('\n'), error.ToString());
    }

    [TestMethod]
    public void MissingRequiredKey()
    {
        var error = SingleError(SpecText.Minimal.Replace("    license: MIT", ""));
        Assert.AreEqual(DiagnosticCodes.SpecMissingKey, error.Code);
        StringAssert.Contains(error.Message, "'license'");
    }

    [TestMethod]
    public void BadSemver()
    {
        var error = SingleError(SpecText.Minimal.Replace("1.0.0", "1.0"));
        Assert.AreEqual(DiagnosticCodes.SpecBadSemver, error.Code);
        Assert.AreEqual(2, error.Line);
        Assert.AreEqual(10, error.Column);
    }

    [TestMethod]
    [DataRow("/abs/*.jsonl")]
    [DataRow("data/[ab].jsonl")]
    [DataRow("data/a**b/*.jsonl")]
    [DataRow("data/**")]
    public void BadGlob(string glob)
    {
        var error = SingleError(SpecText.Minimal.Replace("data/*.jsonl", glob));
        Assert.AreEqual(DiagnosticCodes.SpecBadGlob, error.Code);
        Assert.AreEqual(8, error.Line);
    }

    [TestMethod]
    public void UnknownOperatorSuggestsTheClosest()
    {
        var error = SingleError(SpecText.Minimal + "\nfilters:\n  - lenght: { field: text, min_words: 2 }");
        Assert.AreEqual(DiagnosticCodes.SpecUnknownOperator, error.Code);
        StringAssert.Contains(error.Message, "did you mean 'length'?");
    }

    [TestMethod]
    public void FieldsMustExistInTheSchema()
    {
        var error = SingleError(SpecText.Minimal + "\nfilters:\n  - required: [txt]");
        Assert.AreEqual(DiagnosticCodes.SpecUnknownField, error.Code);
        StringAssert.Contains(error.Message, "did you mean 'text'?");
    }

    [TestMethod]
    [DataRow("chanel == 'x'", "'chanel'")]
    [DataRow("text ==", "cannot parse")]
    [DataRow("lenn(text) > 3", "unknown function 'lenn'")]
    public void WhereExpressionsAreCheckedAtLoad(string expression, string message)
    {
        var error = SingleError(SpecText.Minimal + $"\nfilters:\n  - where: \"{expression}\"");
        Assert.AreEqual(DiagnosticCodes.SpecBadExpression, error.Code);
        StringAssert.Contains(error.Message, message);
        Assert.AreEqual(12, error.Line);
    }

    [TestMethod]
    public void LabelsWithoutALabelSetDefaultToKeepingUnknownLabels()
    {
        var (spec, diagnostics) = Parse(SpecText.Minimal + "\nlabels:\n  normalize: { pos: positive }");
        Assert.IsFalse(diagnostics.HasErrors, string.Join("\n", diagnostics.Items));
        Assert.AreEqual("keep", spec!.Labels!.Unknown);
    }

    [TestMethod]
    public void InvalidYamlIsASyntaxErrorNotAnException()
    {
        var error = SingleError("name: x\n  version: [1, 2");
        Assert.AreEqual(DiagnosticCodes.SpecSyntax, error.Code);
        Assert.IsGreaterThan(0, error.Line);
    }
}
