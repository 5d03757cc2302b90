using System.Text.RegularExpressions;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Spec.Yaml;

namespace DatasetBuild.Core.Spec;

/// <summary>Reads the <c>sources:</c> list.</summary>
internal static partial class SourceSpecReader
{
    public static IReadOnlyList<SourceSpec> ReadAll(YamlSequence? sequence, DiagnosticBag diagnostics)
    {
        var sources = new List<SourceSpec>();
        if (sequence is null)
        {
            return sources;
        }

        if (sequence.Items.Count == 0)
        {
            diagnostics.Error(DiagnosticCodes.SpecMissingKey, sequence.Location, "'sources' must list at least one source");
        }

        foreach (var item in sequence.Items)
        {
            if (item is not YamlMapping mapping)
            {
                diagnostics.Error(DiagnosticCodes.SpecWrongType, item.Location, $"each source must be a mapping, not {item.KindName}");
                continue;
            }

            if (Read(mapping, diagnostics) is { } source)
            {
                if (sources.FirstOrDefault(s => s.Name == source.Name) is { } earlier)
                {
                    diagnostics.Error(DiagnosticCodes.SpecBadValue, source.Location, $"source name '{source.Name}' is used twice (first at line {earlier.Location.Line})");
                    continue;
                }

                sources.Add(source);
            }
        }

        return sources;
    }

    private static SourceSpec? Read(YamlMapping mapping, DiagnosticBag diagnostics)
    {
        var name = mapping["name"] is YamlScalar n ? n.Value : null;
        var reader = new MappingReader(mapping, name is null ? "a source" : $"source '{name}'", diagnostics);
        name = reader.String("name", required: true);
        if (name is not null && !SourceNamePattern().IsMatch(name))
        {
            diagnostics.Error(DiagnosticCodes.SpecBadName, reader.LocationOf("name"), $"source name '{name}' must be lower-case letters, digits, '-' and '_'");
        }

        var path = reader.String("path", required: true);
        var globIsValid = true;
        if (path is not null && SourceGlob.TryParse(path, out var problem) is null)
        {
            globIsValid = false;
            diagnostics.Error(DiagnosticCodes.SpecBadGlob, reader.LocationOf("path"), $"bad glob '{path}': {problem}");
        }

        var format = reader.OneOf("format", SourceSpec.Formats) ?? (path is null ? null : InferFormat(path));
        if (format is null && path is not null && globIsValid && !reader.Has("format"))
        {
            diagnostics.Error(DiagnosticCodes.SpecMissingKey, mapping.Location, $"cannot tell the format of '{path}' from its extension; add 'format: jsonl|csv|parquet|text'");
        }

        var delimiter = ReadDelimiter(reader, format, path, diagnostics);
        var idField = reader.String("id");
        var map = ReadMap(reader, diagnostics);
        var onError = reader.OneOf("on_error", SourceSpec.OnErrorModes) ?? "fail";
        var license = reader.String("license", required: true);
        if (license is not null && string.IsNullOrWhiteSpace(license))
        {
            diagnostics.Error(DiagnosticCodes.SpecBadValue, reader.LocationOf("license"), "'license' must be an SPDX identifier or expression");
        }

        var provenance = reader.MappingOf("provenance") is { } p ? ReadProvenance(p, diagnostics) : null;
        var assets = reader.StringList("assets") ?? [];
        foreach (var duplicate in assets.GroupBy(a => a, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            diagnostics.Error(DiagnosticCodes.SpecBadValue, reader.LocationOf("assets"), $"asset field '{duplicate.Key}' is listed twice in source '{name}'");
        }

        reader.Finish();
        if (name is null || path is null || format is null || license is null)
        {
            return null;
        }

        return new SourceSpec(name, path, format, idField, map, onError, license, provenance, mapping.Location, reader.LocationOf("path"), mapping)
        {
            Delimiter = delimiter,
            Assets = assets,
            AssetsLocation = reader.LocationOf("assets"),
            LicenseLocation = reader.LocationOf("license"),
            LicenseQuoted = reader.Node("license") is YamlScalar { IsPlain: false },
        };
    }

    /// <summary>csv only: one character, or "\t" / "tab"; .tsv files default to a tab.</summary>
    private static char ReadDelimiter(MappingReader reader, string? format, string? path, DiagnosticBag diagnostics)
    {
        var text = reader.String("delimiter");
        if (text is null)
        {
            return path?.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) == true ? '\t' : ',';
        }

        if (format != "csv")
        {
            diagnostics.Error(DiagnosticCodes.SpecBadValue, reader.LocationOf("delimiter"), "'delimiter' applies to csv sources only");
        }

        return text switch
        {
            "\\t" or "\t" or "tab" => '\t',
            { Length: 1 } single when single[0] is not ('"' or '\n' or '\r') => single[0],
            _ => Bad(),
        };

        char Bad()
        {
            diagnostics.Error(DiagnosticCodes.SpecBadValue, reader.LocationOf("delimiter"), $"'delimiter' must be one character (or \"\\t\" for a tab), not '{text}'");
            return ',';
        }
    }

    private static Dictionary<string, string> ReadMap(MappingReader reader, DiagnosticBag diagnostics)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reader.MappingOf("map") is not { } node)
        {
            return map;
        }

        foreach (var (key, value) in node.Entries)
        {
            if (value is YamlScalar { IsNull: false } raw)
            {
                map[key.Value] = raw.Value;
            }
            else
            {
                diagnostics.Error(DiagnosticCodes.SpecWrongType, value.Location, $"'map.{key.Value}' must name a field of the source records");
            }
        }

        return map;
    }

    private static ProvenanceSpec ReadProvenance(YamlMapping node, DiagnosticBag diagnostics)
    {
        var reader = new MappingReader(node, "'provenance'", diagnostics);
        var provenance = new ProvenanceSpec(
            reader.String("origin"),
            reader.String("collected"),
            reader.String("method"),
            reader.String("consent"),
            reader.StringList("permissions") ?? []);
        reader.Finish();
        return provenance;
    }

    private static string? InferFormat(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".jsonl" or ".ndjson" => "jsonl",
        ".csv" or ".tsv" => "csv",
        ".parquet" => "parquet",
        ".txt" => "text",
        _ => null,
    };

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex SourceNamePattern();
}
