using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Packaging;

/// <summary>
/// The path a user outside this repository takes: `dotnet pack` at the repository root, `dotnet new install`
/// of the template pack, `dotnet new dataset`, `dotnet build` against the packed SDK only, and the dsb tool.
/// </summary>
[TestClass]
public sealed class PackageTests
{
    private static (int Exit, string Output) Run(string file, string arguments, string workingDirectory, string? nugetPackages)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (nugetPackages is not null)
        {
            // A fresh package folder, so the consumer can only get DatasetBuild.Sdk from the packed folder.
            start.Environment["NUGET_PACKAGES"] = nugetPackages;
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {arguments}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string PackageType(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var xml = XDocument.Load(stream);
        return xml.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name")!.Value;
    }

    [TestMethod]
    [TestCategory("Packaging")]
    public void PackedSdkTemplateAndToolWorkOutsideTheRepository()
    {
        using var work = new TempDirectory();
        var packages = work.Combine("packages");
        var nuget = work.Combine("nuget");
        var (exit, output) = Run("dotnet", $"pack -c Release -o \"{packages}\"", DotnetBuild.RepoRoot, null);
        Assert.AreEqual(0, exit, output);
        var packed = Directory.GetFiles(packages, "*.nupkg").ToDictionary(p => Path.GetFileName(p)!.Split(".0.")[0], PackageType);
        Assert.AreEqual("MSBuildSdk", packed["DatasetBuild.Sdk"]);
        Assert.AreEqual("Template", packed["DatasetBuild.Templates"]);
        Assert.AreEqual("DotnetTool", packed["dsb"]);
        var again = work.Combine("packages-again");
        Assert.AreEqual(0, Run("dotnet", $"pack -c Release -o \"{again}\"", DotnetBuild.RepoRoot, null).Exit);
        foreach (var nupkg in Directory.GetFiles(packages, "*.nupkg"))
        {
            CollectionAssert.AreEqual(File.ReadAllBytes(nupkg), File.ReadAllBytes(Path.Combine(again, Path.GetFileName(nupkg))), $"{Path.GetFileName(nupkg)} is deterministic");
        }

        var hive = work.Combine("hive");
        var templates = Directory.GetFiles(packages, "DatasetBuild.Templates.*.nupkg").Single();
        (exit, output) = Run("dotnet", $"new install \"{templates}\" --debug:custom-hive \"{hive}\"", work.Path, nuget);
        Assert.AreEqual(0, exit, output);
        var project = work.Combine("my-set");
        (exit, output) = Run("dotnet", $"new dataset -n my-set -o \"{project}\" --debug:custom-hive \"{hive}\"", work.Path, nuget);
        Assert.AreEqual(0, exit, output);
        StringAssert.StartsWith(File.ReadAllText(Path.Combine(project, "dataset.yaml")), "# yaml-language-server: $schema=obj/dataset.schema.json");
        Assert.IsTrue(File.Exists(Path.Combine(project, ".github", "workflows", "dataset.yml")));

        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="packed" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        (exit, output) = Run("dotnet", "build -tl:off", project, nuget);
        Assert.AreEqual(0, exit, output);
        var manifest = ManifestJson.Read(Path.Combine(project, "bin", "Debug", "dataset", "manifest.json"))!;
        Assert.AreEqual("my-set", manifest.Name);
        Assert.IsGreaterThan(0L, manifest.Records.Kept);
        Assert.IsTrue(File.Exists(Path.Combine(project, "obj", "dataset.schema.json")), "the modeline's schema is in place");

        var tools = work.Combine("tools");
        (exit, output) = Run("dotnet", $"tool install dsb --tool-path \"{tools}\" --add-source \"{packages}\"", work.Path, nuget);
        Assert.AreEqual(0, exit, output);
        var dsb = Path.Combine(tools, "dsb");
        (exit, output) = Run(dsb, "--help", project, nuget);
        Assert.AreEqual(0, exit, output);
        StringAssert.Contains(output, "verify");
        (exit, output) = Run(dsb, "schema", project, nuget);
        Assert.AreEqual(0, exit, output);
        StringAssert.Contains(output, "\"$schema\": \"http://json-schema.org/draft-07/schema#\"");
        (exit, output) = Run(dsb, "verify", project, nuget);
        Assert.AreEqual(0, exit, output);
    }
}
