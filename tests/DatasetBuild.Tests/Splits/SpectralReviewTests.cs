using System.Text.Json;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Splits;

/// <summary>review (spectral outliers) and select.diversity (redundant records dropped) on a built dataset.</summary>
[TestClass]
public sealed class SpectralReviewTests
{
    private const string Spec = """
        name: review
        version: 1.0.0
        task: { type: classification, input: [text], target: label, labels: [refund, password] }
        schema:
          text: string
          label: string
        sources:
          - name: tickets
            path: data/*.jsonl
            id: key
            license: MIT
            provenance: { permissions: [train] }
        review: { components: 4, top: 3 }
        outputs:
          - format: parquet
        """;

    private static readonly string[] Refund = ["refund", "money", "back", "order", "charged", "twice", "return", "card", "payment", "cancel", "invoice", "amount"];

    /// <summary>30 near-templated password tickets (three variants), 10 refund tickets, and one text about something else.</summary>
    private static string Corpus()
    {
        var random = new Random(5);
        var lines = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            lines.Add(JsonSerializer.Serialize(new { key = $"pw{i}", text = $"please reset my password for the account login {i % 3}", label = "password" }));
        }

        for (var i = 0; i < 10; i++)
        {
            lines.Add(JsonSerializer.Serialize(new { key = $"rf{i}", text = string.Join(' ', Enumerable.Range(0, 10).Select(_ => Refund[random.Next(Refund.Length)])), label = "refund" }));
        }

        lines.Add(JsonSerializer.Serialize(new { key = "volcano", text = "The volcano erupted at dawn and lava reached the coastal village by noon", label = "refund" }));
        return string.Join("\n", lines);
    }

    [TestMethod]
    public void TheOddRecordIsTheTopOutlierAndItsTextIsListed()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        dir.Write("data/a.jsonl", Corpus());
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var review = manifest.Review!;
        Assert.AreEqual(41L, review.Records);
        Assert.AreEqual(4, review.Components);
        Assert.HasCount(3, review.Outliers);
        Assert.AreEqual("volcano", review.Outliers[0].RecordId);
        Assert.IsGreaterThan(0.9, review.Outliers[0].Score);
        StringAssert.StartsWith(review.Outliers[0].Text, "The volcano erupted");
        StringAssert.Contains(File.ReadAllText(dir.Combine("out/report.html")), "The volcano erupted");
    }

    [TestMethod]
    public void DiversityDropsFromTheCrowdedTemplateFirst()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec.Replace("review: { components: 4, top: 3 }", "review: { components: 4, top: 3 }\nselect:\n  diversity: { keep: 0.75 }"));
        dir.Write("data/a.jsonl", Corpus());
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var lineage = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet"));
        var dropped = lineage.Where(r => (string?)r["stage"] == "select.diversity").Select(r => (string)r["record_id"]!).ToList();
        Assert.HasCount(10, dropped, "41 records, keep 0.75: floor(41 x 0.25) = 10 dropped");
        Assert.IsGreaterThanOrEqualTo(9, dropped.Count(id => id.StartsWith("pw", StringComparison.Ordinal)), string.Join(", ", dropped));
        Assert.DoesNotContain("volcano", dropped, "an outlier is never redundant");
        StringAssert.StartsWith((string)lineage.First(r => (string?)r["stage"] == "select.diversity")["reason"]!, "redundant: crowded neighbourhood (");

        // Same spec, same data: the same records go.
        using var again = new TempDirectory();
        again.Write("dataset.yaml", Spec.Replace("review: { components: 4, top: 3 }", "review: { components: 4, top: 3 }\nselect:\n  diversity: { keep: 0.75 }"));
        again.Write("data/a.jsonl", Corpus());
        Assert.IsNotNull(InProcessBuild.Run(again).Manifest);
        CollectionAssert.AreEqual(dropped, ParquetTestReader.ReadAll(again.Combine("out/lineage.parquet")).Where(r => (string?)r["stage"] == "select.diversity").Select(r => (string)r["record_id"]!).ToList());
    }
}
