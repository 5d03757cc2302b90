using System.Globalization;
using System.Xml.Linq;
using DatasetBuild.Core.Governance;

namespace DatasetBuild.Tests.Governance;

/// <summary>report.html: filled from the manifest, self-contained, escaped, deterministic.</summary>
[TestClass]
public sealed class HtmlReportTests
{
    [TestMethod]
    public void FromManifest_fills_everything_the_manifest_has()
    {
        var model = ReportModel.FromManifest(ReportFixtures.Manifest());

        Assert.AreEqual("support-intents", model.Name);
        Assert.AreEqual(8, model.Stages.Count);
        Assert.AreEqual(637, model.Stages[5].Dropped["exact duplicate"]);
        Assert.AreEqual(1105, model.LabelCounts["billing"]);
        Assert.HasCount(4, model.Coverage);
        Assert.AreEqual(3000, model.Sources[0].Records);
        CollectionAssert.AreEqual(new[] { "train", "evaluate" }, model.Sources[0].Permissions);
        Assert.AreEqual(12, model.Conflicts!.Groups);
        Assert.HasCount(3, model.Splits);
        Assert.AreEqual(0, model.DuplicateTextsAcrossSplits);
        Assert.HasCount(3, model.Outputs);
        CollectionAssert.AreEqual(new long?[] { 16, 32, 64, null }, model.TokenHistogram!.Buckets.Select(b => b.UpTo).ToArray());
        CollectionAssert.AreEqual(new long[] { 340, 1690, 963, 0 }, model.TokenHistogram.Buckets.Select(b => b.Count).ToArray());
        Assert.IsNull(model.LengthHistogram);
        Assert.IsEmpty(model.Outliers);
    }

    [TestMethod]
    public void Without_splits_the_one_split_is_all()
    {
        var manifest = ReportFixtures.Manifest();
        manifest.Splits = null;

        var model = ReportModel.FromManifest(manifest);

        Assert.HasCount(1, model.Splits);
        Assert.AreEqual("all", model.Splits[0].Name);
        Assert.AreEqual(3336, model.Splits[0].Records);
    }

    [TestMethod]
    public void The_page_is_self_contained_and_well_formed()
    {
        var html = HtmlReport.Render(ReportFixtures.Model());

        StringAssert.StartsWith(html, "<!DOCTYPE html>\n");
        Assert.DoesNotContain("<script", html, "the only script text is the escaped sample");
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotContain("url(", html);
        Assert.DoesNotContain("src=", html);
        Assert.DoesNotContain("\r", html);

        // Each chart is well-formed XML: escaped data cannot break the SVG.
        var svgs = html.Split("<svg ")[1..].Select(s => "<svg " + s[..(s.IndexOf("</svg>", StringComparison.Ordinal) + 6)]).ToList();
        Assert.HasCount(6, svgs, "funnel, labels, sources, length, tokens, splits");
        foreach (var svg in svgs)
        {
            XDocument.Parse(svg);
        }
    }

    [TestMethod]
    public void Data_text_is_escaped()
    {
        var model = ReportFixtures.Model();
        model.Name = "a<b>&\"c\"";
        model.Stages[1].Name = "<stage>";
        model.Sources[0].Name = "it's";

        var html = HtmlReport.Render(model);

        StringAssert.Contains(html, "a&lt;b&gt;&amp;&quot;c&quot;");
        StringAssert.Contains(html, "&lt;stage&gt;");
        StringAssert.Contains(html, "it&#39;s");
        StringAssert.Contains(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more");
        Assert.DoesNotContain("<stage>", html);
    }

    [TestMethod]
    public void Shows_the_funnel_labels_coverage_sources_splits_conflicts_and_outliers()
    {
        var html = HtmlReport.Render(ReportFixtures.Model());

        StringAssert.Contains(html, "<td>dedup.exact</td><td>exact duplicate</td><td class=\"num\">637</td>");
        StringAssert.Contains(html, "3,398 (−637)");
        StringAssert.Contains(html, "1,201 (36.0%)");
        StringAssert.Contains(html, "<td>label</td><td>refund</td><td>≥ 50, ≤ 40.0%</td><td class=\"num\">38 (1.1%)</td><td class=\"unmet\">unmet</td>");
        StringAssert.Contains(html, "<td>refund-by-phone</td><td>label == &#39;refund&#39; &amp;&amp; channel == &#39;phone&#39;</td>");
        StringAssert.Contains(html, "<td>tickets</td><td><code>CC-BY-4.0</code></td><td class=\"num\">1</td><td><span class=\"met\">ok</span>; attribution</td>");
        StringAssert.Contains(html, "<span class=\"met\">ok</span>; attribution, share-alike");
        StringAssert.Contains(html, "2,661 (79.8%)");
        StringAssert.Contains(html, "12 groups of duplicates disagree on their label (31 records); resolution: <b>majority</b>.");
        StringAssert.Contains(html, "<td>I was charged twice, please refund</td><td>billing ×3 · refund ×2</td><td class=\"num\">5</td>");
        StringAssert.Contains(html, "<td><code>tickets:1842</code></td><td class=\"num\">0.913</td>");
        Assert.IsLessThan(html.IndexOf("cannot log in", StringComparison.Ordinal), html.IndexOf("charged twice", StringComparison.Ordinal), "worst conflict first");
        Assert.IsLessThan(html.IndexOf(">validation<", StringComparison.Ordinal), html.IndexOf(">train<", StringComparison.Ordinal), "train, validation, test order");
    }

    [TestMethod]
    public void Missing_extras_are_noted_not_hidden()
    {
        var model = ReportModel.FromManifest(ReportFixtures.Manifest());
        model.Conflicts = null;

        var html = HtmlReport.Render(model);

        StringAssert.Contains(html, "Text length histogram not computed.");
        StringAssert.Contains(html, "Spectral outliers not computed.");
        StringAssert.Contains(html, "Conflicts not checked");
    }

    [TestMethod]
    public void A_licence_violation_shows_in_the_source_table()
    {
        var model = ReportFixtures.Model();
        model.Sources[1].License = "CC-BY-NC-4.0";

        var html = HtmlReport.Render(model);

        StringAssert.Contains(html, "<span class=\"unmet\">violation</span>: licence &#39;CC-BY-NC-4.0&#39; does not permit commercial use");
    }

    [TestMethod]
    public void Output_is_deterministic_whatever_the_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("fr-FR");
            var french = HtmlReport.Render(ReportFixtures.Model());
            CultureInfo.CurrentCulture = new CultureInfo("hi-IN");
            var hindi = HtmlReport.Render(ReportFixtures.Model());

            Assert.AreEqual(french, hindi);
            StringAssert.Contains(french, "4,500");
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [TestMethod]
    public void Scales_are_round_whole_numbers()
    {
        Assert.AreEqual((1d, 1d), SvgCharts.NiceScale(0));
        Assert.AreEqual((3d, 1d), SvgCharts.NiceScale(3));
        Assert.AreEqual((6000d, 2000d), SvgCharts.NiceScale(4500));
        Assert.AreEqual((1500d, 500d), SvgCharts.NiceScale(1201));
        Assert.AreEqual((100d, 25d), SvgCharts.NiceScale(90));
        Assert.AreEqual((10d, 5d), SvgCharts.NiceScale(9));
    }
}
