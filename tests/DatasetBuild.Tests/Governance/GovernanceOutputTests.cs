using System.Security.Cryptography;
using System.Text.Json;
using DatasetBuild.Core.Governance;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Governance;

/// <summary>A real build writes the card, croissant.json and report.html from its own spec and manifest.</summary>
[TestClass]
public sealed class GovernanceOutputTests
{
    private const string Spec = """
        name: tickets
        version: 1.2.0
        description: Support tickets labelled by intent.
        task: { type: classification, input: [text], target: label, labels: [refund, billing, other], intended_use: commercial }
        schema:
          text: string
          label: string?
        sources:
          - name: desk
            path: data/*.jsonl
            license: CC-BY-SA-4.0
            provenance: { origin: "helpdesk export", method: "API export", collected: "2026-05", consent: "terms of service", permissions: [train] }
        filters:
          - pii: { fields: [text], action: redact }
        labels:
          conflicts: flag
        coverage:
          on_unmet: warn
          targets:
            - { by: label, min_count: 2 }
        splits:
          ratios: { train: 0.8, test: 0.2 }
        outputs:
          - format: parquet
          - format: jsonl
        """;

    private static string Records => string.Join("\n", Enumerable.Range(0, 40).Select(i =>
        JsonSerializer.Serialize(new { text = $"Ticket {i}: please help with my {(i % 2 == 0 ? "refund" : "invoice")} number {i * 7}.", label = i % 2 == 0 ? "refund" : "billing" }))
        .Append("""{"text": "Where is my money back?", "label": "refund"}""")
        .Append("""{"text": "where is my money back", "label": "billing"}"""));

    private static (TempDirectory Dir, Core.Provenance.Manifest Manifest) Build()
    {
        var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        dir.Write("data/a.jsonl", Records);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        return (dir, manifest);
    }

    [TestMethod]
    public void TheCardHasFrontMatterAndTheDatasheetSections()
    {
        var (dir, _) = Build();
        using var _dir = dir;
        var card = File.ReadAllText(dir.Combine("out/README.md"));
        StringAssert.StartsWith(card, "---\npretty_name: \"tickets\"\nlicense: cc-by-sa-4.0\ntask_categories:\n- text-classification\nsize_categories:\n- n<1K\nsource_datasets:\n- \"extended|helpdesk export\"\nconfigs:\n");
        foreach (var section in new[] { "## Motivation", "## Composition", "## Collection process", "## Preprocessing, cleaning and labelling", "## Uses", "## Distribution", "## Maintenance" })
        {
            StringAssert.Contains(card, section);
        }

        StringAssert.Contains(card, "Label set: `refund`, `billing`, `other`.");
        StringAssert.Contains(card, "- **desk**: from helpdesk export; collected by API export; in 2026-05; consent: terms of service; permitted uses: train.");
        StringAssert.Contains(card, "Intended use: **commercial**");
        StringAssert.Contains(card, "- Share data derived from 'desk' under the same terms (CC-BY-SA-4.0).");
        StringAssert.Contains(card, "Coverage target 'label' (other) is not met: 0 records.");
    }

    [TestMethod]
    public void CroissantDescribesEveryFileWithItsSha256()
    {
        var (dir, manifest) = Build();
        using var _dir = dir;
        using var doc = JsonDocument.Parse(File.ReadAllText(dir.Combine("out/croissant.json")));
        var root = doc.RootElement;
        foreach (var key in new[] { "@context", "@type", "conformsTo", "name", "description", "license", "version", "distribution", "recordSet", "prov:wasDerivedFrom", "rai:dataCollection", "rai:dataPreprocessingProtocol", "rai:personalSensitiveInformation" })
        {
            Assert.IsTrue(root.TryGetProperty(key, out _), $"croissant.json lacks '{key}'");
        }

        Assert.AreEqual("http://mlcommons.org/croissant/1.1", root.GetProperty("conformsTo").GetString());
        Assert.AreEqual("1.2.0", root.GetProperty("version").GetString());
        var files = root.GetProperty("distribution").EnumerateArray().ToList();
        Assert.HasCount(manifest.Outputs.Count, files);
        foreach (var file in files)
        {
            var path = file.GetProperty("contentUrl").GetString()!;
            var onDisk = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(dir.Combine("out/" + path))));
            Assert.AreEqual(onDisk, file.GetProperty("sha256").GetString(), path);
        }

        var recordSets = root.GetProperty("recordSet").EnumerateArray().Select(r => r.GetProperty("@id").GetString()).ToList();
        CollectionAssert.AreEquivalent(new[] { "train", "test" }, recordSets);
        StringAssert.Contains(root.GetProperty("rai:personalSensitiveInformation").GetString(), "redact");
    }

    [TestMethod]
    [TestCategory("Browser")]
    public void TheReportShowsTheConflictsAndRendersItsChartsInChromium()
    {
        var (dir, manifest) = Build();
        using var _dir = dir;
        var worst = manifest.Conflicts!.Worst.Single();
        Assert.AreEqual("Where is my money back?", worst.Text);
        var html = File.ReadAllText(dir.Combine("out/report.html"));
        StringAssert.Contains(html, "Where is my money back?");
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""), "the page fetches nothing");

        var png = dir.Combine("report.png");
        HeadlessChromium.Screenshot(dir.Combine("out/report.html"), png);
        var image = PngImage.Read(png);
        foreach (var (chart, color) in new[] { ("funnel", ReportColors.FunnelKept), ("labels", ReportColors.Label), ("sources", ReportColors.Source), ("lengths", ReportColors.LengthHistogram), ("splits", ReportColors.Split) })
        {
            Assert.IsGreaterThan(500, image.CountColor(color, tolerance: 6), $"the {chart} chart is not on the screenshot {png}");
        }
    }
}
