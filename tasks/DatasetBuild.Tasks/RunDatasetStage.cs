using DatasetBuild.Core.Engine;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DatasetBuild.Tasks;

/// <summary>Runs one stage of the dataset build (ingest, filter, label, dedup or emit) through DatasetBuild.Core.</summary>
public sealed class RunDatasetStage : Microsoft.Build.Utilities.Task
{
    /// <summary>The stage to run: ingest, filter, label, dedup or emit.</summary>
    [Required]
    public string Stage { get; set; } = "";

    /// <summary>The dataset spec (dataset.yaml).</summary>
    [Required]
    public string SpecFile { get; set; } = "";

    /// <summary>Where stages hand their state to each other (under obj/).</summary>
    [Required]
    public string StateDirectory { get; set; } = "";

    /// <summary>The content-addressed stage cache; may be shared between projects and machines.</summary>
    [Required]
    public string CacheDirectory { get; set; } = "";

    /// <summary>The dataset output folder (bin/&lt;Configuration&gt;/dataset/).</summary>
    [Required]
    public string OutputDirectory { get; set; } = "";

    /// <summary>CI mode: fail on any drift from dataset.lock.json and never write it.</summary>
    public bool Locked { get; set; }

    /// <summary>Allow source files that resolve outside the spec's folder (DatasetAllowExternalPaths).</summary>
    public bool AllowExternalPaths { get; set; }

    /// <summary>Every file the stage wrote, for FileWrites.</summary>
    [Output]
    public ITaskItem[] FilesWritten { get; private set; } = [];

    /// <inheritdoc />
    public override bool Execute()
    {
        var result = DatasetPipeline.RunStage(
            Stage,
            new DatasetPipeline.Options(SpecFile, StateDirectory, CacheDirectory, OutputDirectory, Locked, AllowExternalPaths));
        Log.LogAll(result.Diagnostics.Items);
        var written = result.FilesWritten.ToList();
        if (Stage == "ingest" && result.Succeeded)
        {
            written.Add(AssetInputs.Write(StateDirectory, Path.GetDirectoryName(Path.GetFullPath(SpecFile))!));
        }

        FilesWritten = written.Select(f => (ITaskItem)new TaskItem(f)).ToArray();
        return !Log.HasLoggedErrors;
    }
}
