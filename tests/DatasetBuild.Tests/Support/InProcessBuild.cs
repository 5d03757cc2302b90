using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Engine;
using DatasetBuild.Core.Provenance;

namespace DatasetBuild.Tests.Support;

/// <summary>Runs every stage of the real engine in this process, as the MSBuild targets do in order.</summary>
public static class InProcessBuild
{
    public static (Manifest? Manifest, List<Diagnostic> Diagnostics) Run(TempDirectory dir, string spec = "dataset.yaml", bool locked = false)
    {
        var options = new DatasetPipeline.Options(dir.Combine(spec), dir.Combine("obj/state"), dir.Combine("obj/cache"), dir.Combine("out"), locked);
        var result = DatasetPipeline.RunAll(options);
        var diagnostics = result.Diagnostics.Items.ToList();
        return result.Succeeded ? (ManifestJson.Read(dir.Combine("out/manifest.json")), diagnostics) : (null, diagnostics);
    }
}
