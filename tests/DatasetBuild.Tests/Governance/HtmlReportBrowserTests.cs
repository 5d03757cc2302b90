using System.Diagnostics;
using DatasetBuild.Core.Governance;

namespace DatasetBuild.Tests.Governance;

/// <summary>
/// report.html in a real browser: headless Chromium screenshots the page and each chart's fill colour must
/// cover a minimum area. Needs /usr/bin/chromium (CI installs it); without it the test fails, it never skips.
/// </summary>
[TestClass]
public sealed class HtmlReportBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [TestCategory("Browser")]
    public void Every_chart_renders_in_headless_Chromium()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Fail($"{Chromium} not found: this test screenshots report.html in headless Chromium; install it (Debian: apt-get install -y chromium).");
        }

        var root = Path.Combine(TestContext.TestRunResultsDirectory ?? Path.GetTempPath(), "report-screenshot-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var report = Path.Combine(root, "report.html");
        var png = Path.Combine(root, "report.png");
        File.WriteAllText(report, HtmlReport.Render(ReportFixtures.Model()));

        var (exitCode, output) = Run(
            Chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                "--force-device-scale-factor=1", $"--user-data-dir={Path.Combine(root, "profile")}",
                $"--screenshot={png}", "--window-size=1200,2000", new Uri(report).AbsoluteUri,
            ]);
        TestContext.WriteLine($"screenshot: {png}");
        try
        {
            Directory.Delete(Path.Combine(root, "profile"), recursive: true);
        }
        catch (IOException)
        {
            // A helper process may still hold the profile; it is only clutter in the results folder.
        }

        Assert.IsTrue(File.Exists(png), $"chromium wrote no screenshot (exit code {exitCode}):\n{output}");

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

    private static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 2 minutes");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
