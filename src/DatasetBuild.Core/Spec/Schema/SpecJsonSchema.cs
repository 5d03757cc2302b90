using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Spec.Schema;

/// <summary>
/// The JSON Schema (draft-07, what YAML language servers read) of spec language v1 as this version
/// accepts it: every key with its description, enums taken from the model's lists, and
/// <c>additionalProperties: false</c> everywhere, so an editor flags what the build would refuse.
/// Printed by <c>dsb schema</c>; shipped in the SDK package as schema/dataset.schema.json.
/// </summary>
public static class SpecJsonSchema
{
    public static string Generate()
    {
        var root = Obj("A DatasetBuild dataset spec (dataset.yaml).", ["name", "version", "schema", "sources"],
            ("name", Str("The dataset name: lower-case letters, digits and '-'.", pattern: "^[a-z0-9]+(-[a-z0-9]+)*$")),
            ("version", Str("The dataset version, a semantic version such as 1.2.0.", pattern: @"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")),
            ("description", Str("What the dataset is for.")),
            ("task", Obj("What the model must learn.", [],
                ("type", Enum("The kind of task.", TaskSpec.Types)),
                ("input", StrOrList("The field, or fields, the model reads.")),
                ("target", Str("The field the model predicts.")),
                ("labels", List("The label set.", Str("A label."))),
                ("intended_use", Enum("The intended use (drives the licence policy).", TaskSpec.IntendedUses)),
                ("tokenizer", Enum("The tiktoken encoding that counts the tokens of fine-tuning examples.", TaskSpec.Tokenizers)))),
            ("schema", Map("The fields every record has after mapping: field name to type; a trailing '?' marks an optional field.",
                Str("A type.", pattern: $"^({string.Join("|", FieldTypeNames.All)})\\??$"))),
            ("sources", new JsonObject
            {
                ["description"] = "The sources, each a glob of files in one format with its licence and provenance.",
                ["type"] = "array",
                ["minItems"] = 1,
                ["items"] = Obj("A source.", ["name", "path", "license"],
                    ("name", Str("A unique source name.", pattern: "^[a-z0-9][a-z0-9_-]*$")),
                    ("path", Str("A glob relative to the spec's folder (*, ?, ** as a whole segment).")),
                    ("format", Enum("The file format (inferred from the extension when omitted).", SourceSpec.Formats)),
                    ("delimiter", Str("csv: the field delimiter, one character or \"\\t\" (default ',', a tab for .tsv files).")),
                    ("id", Str("The field holding a stable record id (default: a hash of the source name and the record).")),
                    ("map", Map("Renames: schema field to source field (jsonl: a dotted path into nested objects).", Str("The source field."))),
                    ("on_error", Enum("What a bad record does: fail the build, or become a traced drop.", SourceSpec.OnErrorModes)),
                    ("assets", StrOrList("Fields holding paths to asset files (images, audio), relative to the source file's folder.")),
                    ("license", Str("An SPDX identifier or expression.")),
                    ("provenance", Obj("Where the source came from and what it may be used for.", [],
                        ("origin", Str("Where the data came from.")),
                        ("collected", Str("When it was collected.")),
                        ("method", Str("How it was collected.")),
                        ("consent", Str("The consent or terms that cover it.")),
                        ("permissions", List("What the data may be used for (e.g. train).", Str("A permission.")))))),
            }),
            ("filters", List("Record filters, applied in order; each item holds one operator and an optional name.", new JsonObject
            {
                ["oneOf"] = new JsonArray(
                    Filter("length", Obj("Word and character bounds of a text field.", ["field"],
                        ("field", Str("The string field.")),
                        ("min_words", Int("At least this many words.")),
                        ("max_words", Int("At most this many words.")),
                        ("min_chars", Int("At least this many characters.")),
                        ("max_chars", Int("At most this many characters.")))),
                    Filter("where", Str("An NCalc expression over the fields; records for which it is false are dropped.")),
                    Filter("required", StrOrList("Fields that must be present and not blank.")),
                    Filter("quality", Quality()),
                    Filter("regex", Obj("A regular expression on a field: drop what matches, or keep only that.", ["field", "pattern"],
                        ("field", Str("The field.")),
                        ("pattern", Str("A .NET regular expression.")),
                        ("action", Enum("drop (default) or keep.", ["drop", "keep"])))),
                    Filter("relevance", Obj("Keep records that mention the keywords.", ["field", "keywords"],
                        ("field", Str("The text field.")),
                        ("keywords", List("Words or phrases, matched whole-word on the normalised text.", Str("A keyword."))),
                        ("min_hits", Int("At least this many occurrences (default 1).")))),
                    Filter("caption", Obj("Vague captions: too short, only generic phrases, or reused by many records.", ["field"],
                        ("field", Str("The caption field.")),
                        ("min_words", Int("At least this many words (default 3).")),
                        ("generic", List("Generic phrases (default: a built-in list).", Str("A phrase."))),
                        ("max_reuse", Int("At most this many records may share one caption verbatim (default: no limit).")),
                        ("action", Enum("drop (default) or flag.", ["drop", "flag"])))),
                    Filter("assets", Obj("Asset files must exist, decode and meet the bounds.", ["fields"],
                        ("fields", StrOrList("The asset fields checked.")),
                        ("decode", Bool("Decode images in full, catching truncated and corrupt files (default true).")),
                        ("min_width", Int("Images: at least this many pixels wide.")),
                        ("min_height", Int("Images: at least this many pixels high.")),
                        ("min_seconds", new JsonObject { ["description"] = "Audio: at least this long, in seconds.", ["type"] = "number", ["minimum"] = 0 }),
                        ("max_seconds", new JsonObject { ["description"] = "Audio: at most this long, in seconds.", ["type"] = "number", ["minimum"] = 0 }))),
                    Filter("transcript", Obj("The transcript must fit the speech in its clip.", ["audio", "text"],
                        ("audio", Str("The audio asset field.")),
                        ("text", Str("The transcript field.")),
                        ("min_words_per_second", new JsonObject { ["description"] = "At least this many words per second of speech (default 0.5).", ["type"] = "number", ["minimum"] = 0 }),
                        ("max_words_per_second", new JsonObject { ["description"] = "At most this many words per second of speech (default 6).", ["type"] = "number", ["exclusiveMinimum"] = 0 }),
                        ("silence_db", new JsonObject { ["description"] = "Frames quieter than this (dBFS) are silence (default -40).", ["type"] = "number", ["maximum"] = -1 }))),
                    Filter("pii", Obj("Personal data: find, then redact, drop or flag.", ["fields"],
                        ("fields", StrOrList("The text fields searched.")),
                        ("kinds", new JsonObject { ["description"] = "The kinds looked for (default: all).", ["type"] = "array", ["items"] = Enum("A kind.", PiiFilterSpec.AllKinds) }),
                        ("action", Enum("What a record with personal data gets (default: redact).", PiiFilterSpec.Actions)))),
                    Filter("blocklist", Obj("Drop records whose field value is listed in a file (takedowns).", ["file"],
                        ("field", Str("The field (default: id).")),
                        ("file", Str("The file, relative to the spec: one value per line.")))),
                    Filter("tokens", Obj("The token budget of the rendered fine-tuning example.", [],
                        ("max", Int("At most this many tokens.")),
                        ("min", Int("At least this many tokens."))))),
            })),
            ("labels", Obj("Label normalisation.", [],
                ("field", Str("The label field (default: task.target).")),
                ("normalize", Map("Variant to canonical label (case-insensitive).", Str("A label of task.labels."))),
                ("unknown", Enum("What to do with a label outside task.labels.", LabelsSpec.UnknownModes)),
                ("conflicts", Enum("What to do with duplicate records that carry different labels.", LabelsSpec.ConflictModes)),
                ("rules", List("Labelling rules, applied in order after normalisation.", Obj("A rule: match or where, and the label it gives.", ["name", "label"],
                    ("name", Str("The rule's name (lineage label_origin rule:<name>).")),
                    ("match", Obj("A regular expression on a field.", ["field", "pattern"],
                        ("field", Str("The field.")),
                        ("pattern", Str("A .NET regular expression.")))),
                    ("where", Str("An expression over the fields.")),
                    ("label", Str("The label given.")),
                    ("override", Bool("Replace existing labels too (default: only fill missing ones)."))))))),
            ("coverage", Obj("Coverage targets checked on the kept records.", ["targets"],
                ("on_unmet", Enum("What an unmet target does.", CoverageSpec.OnUnmetModes)),
                ("targets", List("The targets.", Obj("A target: by a field's values, or a where slice.", [],
                    ("name", Str("The target's name.")),
                    ("by", Str("A field; every value is checked (for the label field, every label of task.labels).")),
                    ("where", Str("An expression selecting a slice.")),
                    ("min_count", Int("At least this many records.")),
                    ("max_share", new JsonObject { ["description"] = "At most this share of the kept records.", ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 }),
                    ("max_error", new JsonObject { ["description"] = "With feedback on the same field: values whose error rate is above this need error_min_count records.", ["type"] = "number", ["minimum"] = 0, ["maximum"] = 1 }),
                    ("error_min_count", Int("The min_count of values whose error rate is above max_error."))))))),
            ("dedup", Obj("Duplicate removal.", [],
                ("exact", Obj("Drop records whose fields repeat an earlier record's.", ["fields"],
                    ("fields", StrOrList("The fields compared.")),
                    ("normalize", Bool("Compare after NFKC, lower case and punctuation folding.")))),
                ("near", Obj("Drop near-duplicates: MinHash + LSH, verified by exact Jaccard.", [],
                    ("field", Str("The text field (default: the first task.input).")),
                    ("unit", Enum("Shingle unit (default word).", ["word", "char"])),
                    ("ngram", Int("Shingle length in units (default 5).")),
                    ("permutations", Int("MinHash permutations (default 128).")),
                    ("seed", Int("The hash seed (default 42).")),
                    ("threshold", new JsonObject { ["description"] = "Jaccard similarity at or above which two records are duplicates (default 0.8).", ["type"] = "number", ["exclusiveMinimum"] = 0, ["maximum"] = 1 }),
                    ("bands", Int("LSH bands (default: chosen from threshold).")),
                    ("rows", Int("LSH rows per band (default: chosen from threshold).")),
                    ("verify", Bool("Check candidate pairs by exact Jaccard (default true).")),
                    ("keep", Enum("Which record of a cluster stays (default first).", ["first", "longest"])),
                    ("against", Str("A released dataset's folder or manifest.json: records near its records are dropped.")))),
                ("assets", Obj("Drop records whose asset is identical to, or (with max_distance) perceptually near, a kept record's.", ["field"],
                    ("field", Str("The asset field.")),
                    ("max_distance", new JsonObject { ["description"] = "Images within this many of 64 dHash bits are duplicates (default 0: identical bytes only).", ["type"] = "integer", ["minimum"] = 0, ["maximum"] = AssetDedupSpec.MaxAllowedDistance }))))),
            ("select", Obj("Deterministic, seeded selection (at least one of cap, long_tail, diversity).", [],
                ("seed", Int("The seed (default 0).")),
                ("cap", Obj("Downsample dominant groups.", ["by", "max"],
                    ("by", Str("The field whose values are the groups.")),
                    ("max", Int("At most this many records per value.")))),
                ("long_tail", Obj("Top up thin groups from a reserve source.", ["by", "min", "from"],
                    ("by", Str("The field whose values are the groups.")),
                    ("min", Int("At least this many records per value.")),
                    ("from", Str("The reserve source's name: its records are used only to top up thin groups.")))),
                ("diversity", Obj("Drop the most redundant records (spectral review's neighbourhoods).", ["keep"],
                    ("field", Str("The text field (default: the first task.input; review.field when review is set).")),
                    ("keep", new JsonObject { ["description"] = "The share of records kept.", ["type"] = "number", ["exclusiveMinimum"] = 0, ["maximum"] = 1 }))))),
            ("review", Obj("Spectral review: hashed TF-IDF, truncated eigen-decomposition, outliers listed for humans.", [],
                ("field", Str("The text field (default: the first task.input).")),
                ("components", Int("Principal components kept (default 16).")),
                ("dimensions", Int("Hashed feature dimensions, 16 to 4096 (default 512).")),
                ("top", Int("Outliers listed in the manifest and report (default 20).")),
                ("seed", Int("The seed of the neighbourhood hyperplanes (default 0).")))),
            ("feedback", Obj("A model's evaluation results, reported per slice beside coverage.", ["file", "by"],
                ("file", Str("A JSON Lines file relative to the spec: per record {id, correct|error} or per slice {<by>|slice, error_rate, count}.")),
                ("by", Str("The field whose values are the slices.")))),
            ("splits", Obj("Stable, leak-free splits.", ["ratios"],
                ("ratios", SplitRatios()),
                ("stratify_by", Str("A field whose values are reported per split (each stratum is split by the same stable hash).")),
                ("group_by", Str("A field whose records always land in the same split.")),
                ("seed", Int("The seed of the assignment (default 0).")))),
            ("outputs", List("The formats written.", Obj("An output.", ["format"],
                ("format", Enum("The format.", OutputSpec.Supported)),
                ("compression", Enum("parquet: the page compression (default zstd).", OutputSpec.Compressions)),
                ("system", Str("chat: the system message template.")),
                ("user", Str("chat: the user message template, with {field} placeholders.")),
                ("assistant", Str("chat: the assistant message template.")),
                ("instruction", Str("instruction: the instruction template.")),
                ("input", Str("instruction: the input template.")),
                ("output", Str("instruction: the output template."))))));
        var schema = new JsonObject
        {
            ["$schema"] = "http://json-schema.org/draft-07/schema#",
            ["$id"] = "https://datasetbuild.dev/schema/dataset.schema.json",
            ["title"] = "DatasetBuild spec v1",
        };
        foreach (var (key, value) in root.ToList())
        {
            root.Remove(key);
            schema[key] = value;
        }

        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static JsonObject Obj(string description, string[] required, params (string Key, JsonNode Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (key, schema) in properties)
        {
            props[key] = schema;
        }

        var obj = new JsonObject { ["description"] = description, ["type"] = "object", ["properties"] = props, ["additionalProperties"] = false };
        if (required.Length > 0)
        {
            obj["required"] = new JsonArray(required.Select(r => (JsonNode)r).ToArray());
        }

        return obj;
    }

    private static JsonObject Quality()
    {
        var properties = new List<(string, JsonNode)>
        {
            ("preset", Enum("The rule set: gopher (Rae et al. 2021) or c4 (Raffel et al. 2020).", ["gopher", "c4"])),
            ("field", Str("The text field (default: text).")),
        };
        properties.AddRange(Operators.Filters.GopherRules.Defaults.Select(d => (d.Key,
            (JsonNode)new JsonObject { ["description"] = $"Gopher threshold (default {d.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}).", ["type"] = "number", ["minimum"] = 0 })));
        properties.AddRange(Operators.Filters.C4Rules.Defaults.Select(d => (d.Key, Operators.Filters.C4Rules.Flags.Contains(d.Key)
            ? (JsonNode)new JsonObject { ["description"] = "C4 rule switch (default true).", ["type"] = "boolean" }
            : new JsonObject { ["description"] = $"C4 threshold (default {d.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}).", ["type"] = "number", ["minimum"] = 0 })));
        return Obj("Heuristic text-quality rules; every threshold can be overridden.", ["preset"], [.. properties]);
    }

    private static JsonObject Filter(string op, JsonNode schema) =>
        Obj($"Filter '{op}'.", [op], (op, schema), ("name", Str("A name for this filter in the manifest and lineage.")));

    private static JsonObject Str(string description, string? pattern = null)
    {
        var s = new JsonObject { ["description"] = description, ["type"] = "string" };
        if (pattern is not null)
        {
            s["pattern"] = pattern;
        }

        return s;
    }

    private static JsonObject Int(string description) => new() { ["description"] = description, ["type"] = "integer", ["minimum"] = 0 };

    private static JsonObject Bool(string description) => new() { ["description"] = description, ["type"] = "boolean" };

    private static JsonObject Enum(string description, IEnumerable<string> values) =>
        new() { ["description"] = description, ["enum"] = new JsonArray(values.Select(v => (JsonNode)v).ToArray()) };

    private static JsonObject List(string description, JsonNode items) =>
        new() { ["description"] = description, ["type"] = "array", ["items"] = items };

    private static JsonObject StrOrList(string description) => new()
    {
        ["description"] = description,
        ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } }),
    };

    /// <summary>Split names are lower-case letters, digits and '_', other than the reserved 'all'.</summary>
    private static JsonObject SplitRatios()
    {
        var map = Map("Split name to ratio, in order; the ratios add up to 1. Names are lower-case letters, digits and '_', other than 'all' (reserved).", new JsonObject { ["type"] = "number", ["exclusiveMinimum"] = 0, ["maximum"] = 1 });
        map["propertyNames"] = new JsonObject { ["pattern"] = SpecLoader.SplitNameRegex, ["not"] = new JsonObject { ["const"] = Engine.Stages.SplitAssigner.Single } };
        return map;
    }

    private static JsonObject Map(string description, JsonNode values) =>
        new() { ["description"] = description, ["type"] = "object", ["additionalProperties"] = values };
}
