using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Diff;

/// <summary>The spec change in words: "filter 'length' added", "source 'forum' removed", "version 1.0.0 → 1.1.0".</summary>
public static class SpecChanges
{
    public static List<string> Describe(DatasetSpec before, DatasetSpec after)
    {
        var changes = new List<string>();
        if (before.Version != after.Version)
        {
            changes.Add($"version {before.Version} → {after.Version}");
        }

        Compare(changes, "filter", before.Filters.ToDictionary(f => f.DisplayName, f => f.Canonical), after.Filters.ToDictionary(f => f.DisplayName, f => f.Canonical));
        Compare(changes, "source", before.Sources.ToDictionary(s => s.Name, Canonical), after.Sources.ToDictionary(s => s.Name, Canonical));
        Compare(changes, "schema field", Fields(before.Schema), Fields(after.Schema));
        Compare(changes, "output", before.Outputs.ToDictionary(o => o.Format, Canonical), after.Outputs.ToDictionary(o => o.Format, Canonical));
        Compare(changes, "setting", Settings(before), Settings(after));
        return changes;
    }

    private static void Compare(List<string> changes, string what, Dictionary<string, string> before, Dictionary<string, string> after)
    {
        foreach (var (name, config) in after)
        {
            if (!before.TryGetValue(name, out var old))
            {
                changes.Add($"{what} '{name}' added: {config}");
            }
            else if (old != config)
            {
                changes.Add($"{what} '{name}' changed: {old} → {config}");
            }
        }

        foreach (var name in before.Keys.Where(n => !after.ContainsKey(n)))
        {
            changes.Add($"{what} '{name}' removed");
        }
    }

    private static string Canonical(SourceSpec source) =>
        $"path {source.Path}, format {source.Format}, licence {source.License}" + (source.Map.Count > 0 ? ", map " + string.Join(",", source.Map.Select(m => $"{m.Key}={m.Value}")) : "");

    private static string Canonical(OutputSpec output) =>
        string.Join(", ", output.Templates.Select(t => $"{t.Role}: \"{t.Text}\"").Prepend(output.Format == "parquet" ? $"compression {output.Compression}" : null).OfType<string>());

    private static Dictionary<string, string> Fields(RecordSchema schema) =>
        schema.Fields.ToDictionary(f => f.Name, f => f.Type.Name() + (f.Optional ? "?" : ""));

    private static Dictionary<string, string> Settings(DatasetSpec spec)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["task.labels"] = string.Join(", ", spec.Task?.Labels ?? []),
            ["task.tokenizer"] = spec.Task?.Tokenizer ?? "none",
            ["labels"] = spec.Labels?.Canonical ?? "none",
            ["dedup.exact"] = spec.Dedup?.Exact?.Canonical ?? "none",
        };
        return settings;
    }
}
