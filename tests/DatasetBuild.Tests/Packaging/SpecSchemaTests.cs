using System.Text.Json.Nodes;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Spec;
using DatasetBuild.Core.Spec.Schema;
using DatasetBuild.Core.Spec.Yaml;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Packaging;

/// <summary>The JSON Schema and the loader describe the same language, and the shipped file is current.</summary>
[TestClass]
public sealed class SpecSchemaTests
{
    /// <summary>A spec that uses every key the loader accepts.</summary>
    private static readonly string EveryKey = EveryKeyBase.Replace(
        "  - relevance:",
        "  - quality: { preset: gopher, field: text, "
            + string.Join(", ", Core.Operators.Filters.GopherRules.Defaults.Select(d => $"{d.Key}: {d.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"))
            + " }\n  - quality: { preset: c4, field: text, "
            + string.Join(", ", Core.Operators.Filters.C4Rules.Defaults.Select(d => Core.Operators.Filters.C4Rules.Flags.Contains(d.Key)
                ? $"{d.Key}: true"
                : $"{d.Key}: {d.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"))
            + " }\n  - relevance:");

    private const string EveryKeyBase = """
        name: every-key
        version: 1.0.0
        description: uses every key
        task: { type: classification, input: [text], target: label, labels: [a, b], intended_use: research, tokenizer: cl100k_base }
        schema:
          text: string
          label: string?
          image: string?
          clip: string?
        sources:
          - name: s
            path: data/*.jsonl
            format: jsonl
            id: key
            map: { text: body }
            assets: [image, clip]
            on_error: skip
            license: MIT
            provenance: { origin: o, collected: c, method: m, consent: c, permissions: [train] }
          - name: t
            path: data/*.csv
            delimiter: ";"
            license: MIT
            provenance: { permissions: [train] }
        filters:
          - { name: len, length: { field: text, min_words: 1, max_words: 9, min_chars: 1, max_chars: 99 } }
          - where: "text != null"
          - required: [label]
          - tokens: { max: 100, min: 1 }
          - blocklist: { field: id, file: takedown.txt }
          - pii: { fields: [text], kinds: [email], action: redact }
          - regex: { field: text, pattern: "lorem", action: drop }
          - relevance: { field: text, keywords: [refund], min_hits: 1 }
          - caption: { field: text, min_words: 2, generic: [a photo], max_reuse: 3, action: flag }
          - assets: { fields: [image, clip], decode: true, min_width: 8, min_height: 8, min_seconds: 0.5, max_seconds: 30 }
          - transcript: { audio: clip, text: text, min_words_per_second: 0.5, max_words_per_second: 6, silence_db: -40 }
        labels:
          field: label
          normalize: { A: a }
          unknown: keep
          conflicts: flag
          rules:
            - { name: r1, match: { field: text, pattern: "x" }, label: a, override: true }
            - { name: r2, where: "len(text) > 3", label: b }
        coverage:
          on_unmet: warn
          targets:
            - { name: per-label, by: label, min_count: 1, max_share: 0.9, max_error: 0.3, error_min_count: 5 }
            - { name: long, where: "len(text) > 9", min_count: 1 }
        dedup:
          exact: { fields: [text], normalize: true }
          near: { field: text, unit: word, ngram: 5, permutations: 128, seed: 1, threshold: 0.8, bands: 16, rows: 8, verify: true, keep: longest, against: ../v1 }
          assets: { field: image, max_distance: 4 }
        select:
          seed: 3
          cap: { by: label, max: 100 }
          long_tail: { by: label, min: 5, from: t }
          diversity: { field: text, keep: 0.9 }
        review: { field: text, components: 8, dimensions: 256, top: 10, seed: 1 }
        feedback: { file: eval.jsonl, by: label }
        splits:
          ratios: { train: 0.8, test: 0.2 }
          stratify_by: label
          group_by: text
          seed: 7
        outputs:
          - { format: parquet, compression: snappy }
          - format: jsonl
          - { format: chat, system: s, user: "{text}", assistant: "{label}" }
          - { format: instruction, instruction: i, input: "{text}", output: "{label}" }
        """;

    [TestMethod]
    public void TheShippedSchemaFileIsCurrent()
    {
        var shipped = Path.Combine(DotnetBuild.RepoRoot, "tasks", "DatasetBuild.Tasks", "schema", "dataset.schema.json");
        Assert.AreEqual(SpecJsonSchema.Generate(), File.ReadAllText(shipped),
            "regenerate it: dotnet run --project src/DatasetBuild.Cli -- schema > tasks/DatasetBuild.Tasks/schema/dataset.schema.json");
    }

    [TestMethod]
    public void EveryKeyTheLoaderAcceptsIsInTheSchemaAndBack()
    {
        using var dir = new TempDirectory();
        dir.Write("takedown.txt", "");
        var diagnostics = new DiagnosticBag();
        Assert.IsNotNull(SpecLoader.Parse(EveryKey, dir.Combine("dataset.yaml"), diagnostics), string.Join("\n", diagnostics.Items));
        var specKeys = new SortedSet<string>(StringComparer.Ordinal);
        Collect(YamlTreeReader.Read(EveryKey, "dataset.yaml", new DiagnosticBag())!, "", specKeys);
        var schemaKeys = new SortedSet<string>(StringComparer.Ordinal);
        Collect(JsonNode.Parse(SpecJsonSchema.Generate())!, "", schemaKeys);
        CollectionAssert.AreEquivalent(schemaKeys.ToList(), specKeys.ToList());
    }

    /// <summary>Key paths of a spec, with maps (schema fields, map, normalize) and list items folded.</summary>
    private static void Collect(YamlNodeBase node, string path, ISet<string> keys)
    {
        switch (node)
        {
            case YamlMapping mapping when path is ".schema" or ".sources[].map" or ".labels.normalize" or ".splits.ratios":
                keys.Add(path + ".*");
                break;
            case YamlMapping mapping:
                foreach (var (key, value) in mapping.Entries)
                {
                    keys.Add(path + "." + key.Value);
                    Collect(value, path + "." + key.Value, keys);
                }

                break;
            case YamlSequence sequence:
                foreach (var item in sequence.Items)
                {
                    Collect(item, path + "[]", keys);
                }

                break;
        }
    }

    private static void Collect(JsonNode schema, string path, ISet<string> keys)
    {
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (key, value) in properties)
            {
                keys.Add(path + "." + key);
                Collect(value!, path + "." + key, keys);
            }
        }

        if (schema["additionalProperties"] is JsonObject)
        {
            keys.Add(path + ".*");
        }

        if (schema["items"] is JsonNode items)
        {
            Collect(items, path + "[]", keys);
        }

        foreach (var alternative in (schema["oneOf"] as JsonArray ?? []).Concat(schema["anyOf"] as JsonArray ?? []))
        {
            Collect(alternative!, path, keys);
        }
    }
}
