using System.Globalization;
using System.Text;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Provenance;

/// <summary>
/// README.md of the output folder: a Hugging Face dataset card whose YAML header lists the data files as
/// configs, so <c>load_dataset("path/to/dataset")</c> works without arguments. The first data format is
/// the default config; each other format is a config named after it. Hugging Face reserves the split name
/// <c>all</c>, so our single split is published as <c>train</c>.
/// </summary>
public static class DatasetCard
{
    public static byte[] Render(DatasetSpec spec, Manifest manifest)
    {
        var card = new StringBuilder();
        card.Append("---\n");
        card.Append($"pretty_name: {Quote(spec.Name)}\n");
        var licenses = spec.Sources.Select(s => s.License).Distinct(StringComparer.Ordinal).ToList();
        card.Append($"license: {(licenses.Count == 1 && !licenses[0].Contains(' ') ? licenses[0].ToLowerInvariant() : "other")}\n");
        if (TaskCategory(spec.Task?.Type) is { } category)
        {
            card.Append($"task_categories:\n- {category}\n");
        }

        card.Append("configs:\n");
        var formats = manifest.Outputs
            .GroupBy(o => o.Format)
            .OrderBy(g => g.Key is "parquet" ? 0 : g.Key is "jsonl" ? 1 : 2)
            .ToList();
        for (var i = 0; i < formats.Count; i++)
        {
            card.Append($"- config_name: {(i == 0 ? "default" : formats[i].Key)}\n");
            card.Append("  data_files:\n");
            foreach (var output in formats[i])
            {
                card.Append($"  - split: {HubSplit(output.Split)}\n");
                card.Append($"    path: {output.Path}\n");
            }
        }

        card.Append("---\n\n");
        card.Append($"# {spec.Name} {spec.Version}\n\n");
        if (spec.Description is { } description)
        {
            card.Append(description).Append("\n\n");
        }

        card.Append(CultureInfo.InvariantCulture, $"{manifest.Records.Kept} records kept of {manifest.Records.TotalIn} read; content hash `{manifest.ContentHash}`.\n\n");
        card.Append("| source | licence | files | records |\n| --- | --- | --- | --- |\n");
        foreach (var source in manifest.Sources)
        {
            card.Append(CultureInfo.InvariantCulture, $"| {source.Name} | {source.License} | {source.Files.Count} | {source.Files.Sum(f => f.Records)} |\n");
        }

        card.Append("\nBuilt by DatasetBuild; `manifest.json` has every stage's counts and `lineage.parquet` the history of every record.\n");
        return Encoding.UTF8.GetBytes(card.ToString());
    }

    private static string HubSplit(string split) => split == "all" ? "train" : split;

    private static string? TaskCategory(string? type) => type switch
    {
        "classification" => "text-classification",
        "generation" => "text-generation",
        "captioning" => "image-to-text",
        "transcription" => "automatic-speech-recognition",
        _ => null,
    };

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
