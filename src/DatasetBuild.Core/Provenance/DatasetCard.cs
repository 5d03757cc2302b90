using System.Globalization;
using System.Text;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Provenance;

/// <summary>
/// README.md of the output folder: a Hugging Face dataset card whose YAML header lists the data files as
/// configs, so <c>load_dataset("path/to/dataset")</c> works without arguments, followed by the sections of
/// Datasheets for Datasets (Gebru et al., 2021) filled from the spec and the manifest. The first data format
/// is the default config; each other format is a config named after it. Hugging Face reserves the split
/// name <c>all</c>, so our single split is published as <c>train</c>.
/// </summary>
public static class DatasetCard
{
    public static byte[] Render(DatasetSpec spec, Manifest manifest, IReadOnlyList<string>? licenceDuties = null)
    {
        var card = new StringBuilder();
        FrontMatter(card, spec, manifest);
        card.Append($"# {spec.Name} {spec.Version}\n\n");
        if (spec.Description is { } description)
        {
            card.Append(description).Append("\n\n");
        }

        card.Append(CultureInfo.InvariantCulture, $"{manifest.Records.Kept} records kept of {manifest.Records.TotalIn} read; content hash `{manifest.ContentHash}`.\n\n");
        Motivation(card, spec);
        Composition(card, manifest);
        Collection(card, manifest);
        Preprocessing(card, manifest);
        Uses(card, spec, licenceDuties ?? []);
        Distribution(card, manifest);
        card.Append("## Maintenance\n\n");
        card.Append($"Version {spec.Version}, built by DatasetBuild {manifest.ToolVersion} from a spec with sha256 `{manifest.SpecSha256}`. ");
        card.Append("`dataset.lock.json` beside the spec pins every source file; `dsb verify` rebuilds this version from scratch and checks it reproduces. ");
        card.Append("`manifest.json` has every stage's counts and `lineage.parquet` the history of every record (`dsb explain <id>`).\n");
        return Encoding.UTF8.GetBytes(card.ToString());
    }

    private static void FrontMatter(StringBuilder card, DatasetSpec spec, Manifest manifest)
    {
        card.Append("---\n");
        card.Append($"pretty_name: {Quote(spec.Name)}\n");
        var licenses = spec.Sources.Select(s => s.License).Distinct(StringComparer.Ordinal).ToList();
        if (licenses.All(l => !l.Contains(' ', StringComparison.Ordinal) && !l.StartsWith("LicenseRef-", StringComparison.Ordinal)))
        {
            card.Append(licenses.Count == 1 ? $"license: {licenses[0].ToLowerInvariant()}\n" : "license:\n" + string.Concat(licenses.Select(l => $"- {l.ToLowerInvariant()}\n")));
        }
        else
        {
            card.Append("license: other\n");
        }

        if (TaskCategory(spec.Task?.Type) is { } category)
        {
            card.Append($"task_categories:\n- {category}\n");
        }

        card.Append($"size_categories:\n- {SizeCategory(manifest.Records.Kept)}\n");
        card.Append("source_datasets:\n");
        foreach (var origin in manifest.Sources.Select(s => s.Provenance?.Origin).Distinct(StringComparer.Ordinal))
        {
            card.Append(origin is null ? "- original\n" : $"- {Quote("extended|" + origin)}\n");
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
    }

    private static void Motivation(StringBuilder card, DatasetSpec spec)
    {
        card.Append("## Motivation\n\n");
        if (spec.Task is not { } task)
        {
            card.Append("The spec declares no `task`.\n\n");
            return;
        }

        card.Append($"Built for a {task.Type} task: the model reads {string.Join(", ", task.Input.Select(i => $"`{i}`"))}");
        card.Append(task.Target is null ? ".\n" : $" and predicts `{task.Target}`.\n");
        if (task.Labels.Count > 0)
        {
            card.Append($"Label set: {string.Join(", ", task.Labels.Select(l => $"`{l}`"))}.\n");
        }

        card.Append('\n');
    }

    private static void Composition(StringBuilder card, Manifest manifest)
    {
        card.Append("## Composition\n\n");
        card.Append("| source | licence | files | records read |\n| --- | --- | --- | --- |\n");
        foreach (var source in manifest.Sources)
        {
            card.Append(CultureInfo.InvariantCulture, $"| {source.Name} | {source.License} | {source.Files.Count} | {source.Files.Sum(f => f.Records)} |\n");
        }

        if (manifest.Splits is { } splits)
        {
            card.Append("\n| split | records |\n| --- | --- |\n");
            foreach (var (split, count) in splits.Counts)
            {
                card.Append(CultureInfo.InvariantCulture, $"| {split} | {count} |\n");
            }
        }

        if (manifest.Labels is { Counts.Count: > 0 } labels)
        {
            card.Append($"\n| {labels.Field} | records |\n| --- | --- |\n");
            foreach (var (label, count) in labels.Counts)
            {
                card.Append(CultureInfo.InvariantCulture, $"| {label} | {count} |\n");
            }
        }

        foreach (var unmet in manifest.Coverage?.Where(c => !c.Met) ?? [])
        {
            card.Append(CultureInfo.InvariantCulture, $"\nCoverage target '{unmet.Name}'{(unmet.Value is null ? "" : $" ({unmet.Value})")} is not met: {unmet.ActualCount} records.");
        }

        card.Append('\n');
    }

    private static void Collection(StringBuilder card, Manifest manifest)
    {
        card.Append("## Collection process\n\n");
        foreach (var source in manifest.Sources)
        {
            var p = source.Provenance;
            card.Append($"- **{source.Name}**: ");
            var parts = new List<string>();
            if (p?.Origin is { } origin)
            {
                parts.Add($"from {origin}");
            }

            if (p?.Method is { } method)
            {
                parts.Add($"collected by {method}");
            }

            if (p?.Collected is { } collected)
            {
                parts.Add($"in {collected}");
            }

            if (p?.Consent is { } consent)
            {
                parts.Add($"consent: {consent}");
            }

            if (p is { Permissions.Count: > 0 })
            {
                parts.Add($"permitted uses: {string.Join(", ", p.Permissions)}");
            }

            card.Append(parts.Count == 0 ? "no provenance recorded" : string.Join("; ", parts)).Append(".\n");
        }

        card.Append('\n');
    }

    private static void Preprocessing(StringBuilder card, Manifest manifest)
    {
        card.Append("## Preprocessing, cleaning and labelling\n\n");
        card.Append("| stage | kind | in | out | dropped (reason: records) |\n| --- | --- | --- | --- | --- |\n");
        foreach (var stage in manifest.Stages)
        {
            var drops = string.Join("; ", stage.Dropped.Select(d => $"{d.Key}: {d.Value.ToString(CultureInfo.InvariantCulture)}"));
            card.Append(CultureInfo.InvariantCulture, $"| {stage.Name} | {stage.Kind} | {stage.RecordsIn} | {stage.RecordsOut} | {Cell(drops)} |\n");
        }

        if (manifest.Conflicts is { } conflicts)
        {
            card.Append(CultureInfo.InvariantCulture, $"\nLabel conflicts: {conflicts.Groups} groups of duplicates ({conflicts.Records} records) carried different labels; resolution `{conflicts.Resolution}`.\n");
        }

        card.Append('\n');
    }

    private static void Uses(StringBuilder card, DatasetSpec spec, IReadOnlyList<string> duties)
    {
        card.Append("## Uses\n\n");
        card.Append(spec.Task?.IntendedUse is { } use
            ? $"Intended use: **{use}**; every source's licence and permissions were checked against it at build time.\n"
            : "The spec declares no `task.intended_use`.\n");
        foreach (var duty in duties)
        {
            card.Append($"- {duty}\n");
        }

        card.Append('\n');
    }

    private static void Distribution(StringBuilder card, Manifest manifest)
    {
        card.Append("## Distribution\n\n| file | split | format | records | sha256 |\n| --- | --- | --- | --- | --- |\n");
        foreach (var output in manifest.Outputs)
        {
            card.Append(CultureInfo.InvariantCulture, $"| {output.Path} | {output.Split} | {output.Format} | {output.Records} | `{output.Sha256}` |\n");
        }

        card.Append("\n`croissant.json` describes the same files in MLCommons Croissant; `report.html` charts the build.\n\n");
    }

    /// <summary>The Hugging Face size category of a record count.</summary>
    public static string SizeCategory(long records) => records switch
    {
        < 1_000 => "n<1K",
        < 10_000 => "1K<n<10K",
        < 100_000 => "10K<n<100K",
        < 1_000_000 => "100K<n<1M",
        < 10_000_000 => "1M<n<10M",
        < 100_000_000 => "10M<n<100M",
        < 1_000_000_000 => "100M<n<1B",
        _ => "n>1B",
    };

    private static string HubSplit(string split) => split == "all" ? "train" : split;

    private static string? TaskCategory(string? type) => type switch
    {
        "classification" => "text-classification",
        "generation" => "text-generation",
        "captioning" => "image-to-text",
        "transcription" => "automatic-speech-recognition",
        _ => null,
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
