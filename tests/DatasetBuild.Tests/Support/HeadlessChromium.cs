using System.Diagnostics;

namespace DatasetBuild.Tests.Support;

/// <summary>
/// Screenshots a local HTML file in Debian's headless Chromium (CI installs it). Without /usr/bin/chromium
/// the calling test fails with an install hint: it never skips.
/// </summary>
public static class HeadlessChromium
{
    private const string Binary = "/usr/bin/chromium";

    public static void Screenshot(string htmlPath, string pngPath, int width = 1200, int height = 2000)
    {
        if (!File.Exists(Binary))
        {
            Assert.Fail($"{Binary} not found: this test screenshots an HTML page in headless Chromium; install it (Debian: apt-get install -y chromium).");
        }

        var profile = Path.Combine(Path.GetDirectoryName(pngPath)!, "chromium-profile-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--force-device-scale-factor=1", $"--user-data-dir={profile}",
            $"--screenshot={pngPath}", $"--window-size={width},{height}", new Uri(htmlPath).AbsoluteUri,
        })
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

        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // A helper process may still hold the profile; it is only clutter in a temporary folder.
        }

        Assert.IsTrue(File.Exists(pngPath), $"chromium wrote no screenshot (exit code {process.ExitCode}):\n{stdout.Result}{stderr.Result}");
    }
}
