using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using DatasetBuild.Core.Provenance;

namespace DatasetBuild.Cli;

/// <summary>
/// <c>dsb explain &lt;record-id&gt; [--project DIR] [--output DIR] [--format text|json]</c>: a record's history in
/// plain words, from the built dataset's lineage and manifest.
/// </summary>
public static class ExplainCommand
{
    private static readonly string[] Columns = ["record_id", "source", "source_file", "source_row", "status", "stage", "reason", "duplicate_of", "label", "label_origin", "split", "pii", "notes"];

    public static Command Create()
    {
        var id = new Argument<string>("record-id") { Description = "The record id (lineage record_id)." };
        var project = new Option<DirectoryInfo>("--project")
        {
            Description = "The dataset project folder (default: the current folder).",
            DefaultValueFactory = _ => new DirectoryInfo(Directory.GetCurrentDirectory()),
        };
        var output = new Option<DirectoryInfo?>("--output") { Description = "The dataset output folder (default: <project>/bin/Debug/dataset)." };
        var format = new Option<string>("--format") { Description = "text or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("explain", "Explain a record: where it came from, which stages it passed, why it was dropped or kept, its label's origin and its split.")
        {
            id, project, output, format,
        };
        command.SetAction(result => Run(result.GetValue(id)!, result.GetValue(output)?.FullName ?? Path.Combine(result.GetValue(project)!.FullName, "bin", "Debug", "dataset"), result.GetValue(format)!));
        return command;
    }

    private static int Run(string id, string outputDirectory, string format)
    {
        var lineagePath = Path.Combine(outputDirectory, "lineage.parquet");
        var manifestPath = Path.Combine(outputDirectory, "manifest.json");
        if (!File.Exists(lineagePath) || !File.Exists(manifestPath))
        {
            Console.Error.WriteLine($"dsb explain: no built dataset in {outputDirectory}; build it first or pass --output");
            return 1;
        }

        var rows = Read(lineagePath).ToList();
        var matches = rows.Where(r => r["record_id"] as string == id).ToList();
        if (matches.Count == 0)
        {
            Console.Error.WriteLine($"dsb explain: no record with id '{id}' in {lineagePath}");
            return 1;
        }

        var manifest = ManifestJson.Read(manifestPath)!;
        if (format == "json")
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(matches, new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return 0;
        }

        foreach (var row in matches)
        {
            Console.Out.WriteLine(Explain(row, manifest, rows));
        }

        return 0;
    }

    private static string Explain(Dictionary<string, object?> row, Manifest manifest, List<Dictionary<string, object?>> rows)
    {
        var source = row["source"] as string;
        var licence = manifest.Sources.FirstOrDefault(s => s.Name == source)?.License ?? "?";
        var lines = new List<string>
        {
            $"Record {row["record_id"]}: source '{source}' ({licence}), {row["source_file"]} row {row["source_row"]}.",
        };
        var stage = row["stage"] as string;
        var passed = manifest.Stages.Select(s => s.Name).TakeWhile(s => s != stage).ToList();
        if (passed.Count > 0)
        {
            lines.Add($"Passed: {string.Join(", ", passed)}.");
        }

        if (row["status"] as string == "dropped")
        {
            lines.Add($"Dropped at stage '{stage}': {row["reason"]}.");
            if (row["duplicate_of"] is string kept)
            {
                var original = rows.FirstOrDefault(r => r["record_id"] as string == kept && r["status"] as string == "kept");
                lines.Add(original is null
                    ? $"It duplicates record {kept}."
                    : $"It duplicates record {kept} ({original["source_file"]} row {original["source_row"]}), which was kept.");
            }
        }
        else
        {
            lines.Add($"Kept, in split '{row["split"]}'.");
        }

        if (row["pii"] is string pii)
        {
            lines.Add(pii.StartsWith("redacted", StringComparison.Ordinal)
                ? $"Personal data {pii} (replaced by typed placeholders)."
                : $"Personal data {pii} (left in place: the pii filter only flags).");
        }

        if (row["notes"] is string notes)
        {
            lines.Add($"Changed: {notes}.");
        }

        if (row["label"] is string label)
        {
            lines.Add($"Label '{label}' ({Origin(row["label_origin"] as string)}).");
        }

        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    private static string Origin(string? origin) => origin switch
    {
        "source" => "as in the source",
        "normalized" => "normalised from a variant in the source",
        { } o when o.StartsWith("rule:", StringComparison.Ordinal) => $"given by rule '{o[5..]}'",
        { } o when o.StartsWith("conflict:", StringComparison.Ordinal) => $"set by the {o[9..]} resolution of a label conflict",
        _ => "as read: the label step did not run on it",
    };

    private static IEnumerable<Dictionary<string, object?>> Read(string path) =>
        LineageTable.Read(path, Columns).Select(values => Columns.Select((c, i) => (c, values[i])).ToDictionary(x => x.c, x => x.Item2));
}
