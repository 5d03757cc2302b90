using DatasetBuild.Core.Operators.Filters;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Engine;

[TestClass]
public sealed class PiiTests
{
    private const string Spec = """
        name: pii
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
          - pii: { fields: [text], action: ACTION }
        outputs:
          - format: jsonl
        """;

    private const string Records = """
        {"key": "r1", "text": "Mail me at jane.doe@example.com or call +1 (415) 555-0132."}
        {"key": "r2", "text": "Card 4111 1111 1111 1111, server 192.168.1.20, IBAN GB82 WEST 1234 5698 7654 32, SSN 123-45-6789."}
        {"key": "r3", "text": "No personal data here: order #63609 shipped on 2025-06-30, café ☕."}
        {"key": "r4", "text": "Not a card: 4111 1111 1111 1112."}
        """;

    private static (Dictionary<string, string> Texts, Dictionary<string, Dictionary<string, object?>> Lineage) Build(string action)
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec.Replace("ACTION", action));
        dir.Write("data/a.jsonl", Records);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var texts = File.ReadAllLines(dir.Combine("out/data/all.jsonl"))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("text").GetString()!);
        var lineage = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")).ToDictionary(r => (string)r["record_id"]!);
        return (texts, lineage);
    }

    [TestMethod]
    public void RedactLeavesNoPersonalDataAndTouchesNothingElse()
    {
        var (texts, lineage) = Build("redact");
        Assert.AreEqual("Mail me at [EMAIL] or call [PHONE].", texts["r1"]);
        Assert.AreEqual("Card [CREDIT_CARD], server [IP], IBAN [IBAN], SSN [SSN].", texts["r2"]);
        Assert.AreEqual("No personal data here: order #63609 shipped on 2025-06-30, café ☕.", texts["r3"], "records without PII are byte-identical");
        Assert.AreEqual("Not a card: 4111 1111 1111 1112.", texts["r4"], "a number failing the Luhn check is not a card");
        Assert.AreEqual("redacted email:1,phone:1", lineage["r1"]["pii"]);
        Assert.AreEqual("redacted credit_card:1,iban:1,ip:1,ssn:1", lineage["r2"]["pii"]);
        Assert.IsNull(lineage["r3"]["pii"]);
    }

    [TestMethod]
    public void DropAndFlag()
    {
        var (dropped, dropLineage) = Build("drop");
        CollectionAssert.AreEquivalent(new[] { "r3", "r4" }, dropped.Keys.ToArray());
        Assert.AreEqual("contains personal data (email, phone) (email:1,phone:1)", dropLineage["r1"]["reason"]);

        var (flagged, flagLineage) = Build("flag");
        Assert.HasCount(4, flagged);
        StringAssert.Contains(flagged["r1"], "jane.doe@example.com");
        Assert.AreEqual("found email:1,phone:1", flagLineage["r1"]["pii"]);
    }

    [TestMethod]
    public void ChecksumsAreTheStandardOnes()
    {
        Assert.IsTrue(PiiDetector.Luhn("4111111111111111"));
        Assert.IsFalse(PiiDetector.Luhn("4111111111111112"));
        Assert.IsTrue(PiiDetector.IbanChecksum("GB82WEST12345698765432"));
        Assert.IsFalse(PiiDetector.IbanChecksum("GB82WEST12345698765433"));
    }
}
