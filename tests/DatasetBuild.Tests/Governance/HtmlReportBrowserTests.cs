using DatasetBuild.Core.Governance;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Governance;

/// <summary>
/// report.html in a real browser: headless Chromium screenshots the page and each chart's fill colour must
/// cover a minimum area. Needs /usr/bin/chromium (CI installs it); without it the test fails, it never skips.
/// </summary>
[TestClass]
public sealed class HtmlReportBrowserTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [TestCategory("Browser")]
    public void Every_chart_renders_in_headless_Chromium()
    {
        var root = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), "report-screenshot-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var report = Path.Combine(root, "report.html");
        var png = Path.Combine(root, "report.png");
        File.WriteAllText(report, HtmlReport.Render(ReportFixtures.Model()));
        HeadlessChromium.Screenshot(report, png);
        TestContext.WriteLine($"screenshot: {png}");

        var image = PngImage.Read(png);
        Assert.AreEqual(1200, image.Width);
        Assert.AreEqual(2000, image.Height);
        (string Chart, string Color, int MinPixels)[] charts =
        [
            ("funnel: records passing", ReportColors.FunnelKept, 10_000),
            ("funnel: records dropped", ReportColors.FunnelDropped, 400),
            ("labels meeting their targets", ReportColors.Label, 5_000),
            ("label under its minimum (refund)", ReportColors.LabelUnmet, 120),
            ("sources", ReportColors.Source, 3_000),
            ("text length histogram", ReportColors.LengthHistogram, 5_000),
            ("token histogram", ReportColors.TokenHistogram, 5_000),
            ("splits", ReportColors.Split, 2_000),
        ];
        var failures = new List<string>();
        foreach (var (chart, color, minPixels) in charts)
        {
            var pixels = image.CountColor(color, tolerance: 6);
            TestContext.WriteLine($"{chart} ({color}): {pixels} pixels");
            if (pixels < minPixels)
            {
                failures.Add($"{chart} ({color}): {pixels} pixels, expected at least {minPixels}");
            }
        }

        Assert.IsEmpty(failures, $"charts missing from the screenshot {png}:\n{string.Join("\n", failures)}");
    }
}
