using System.Text;
using System.Text.RegularExpressions;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Spec.Yaml;

namespace DatasetBuild.Core.Spec;

/// <summary>
/// Loads dataset.yaml into a <see cref="DatasetSpec"/>. Every problem becomes a located DSB1xxx
/// diagnostic; the spec is returned only when there are none.
/// </summary>
public static partial class SpecLoader
{
    /// <summary>Top-level keys of spec language v1 that name a capability not built yet.</summary>
    private static readonly string[] PlannedTopLevelKeys = [];

    /// <summary>A spec is a page of YAML; anything this large is refused before parsing.</summary>
    public const long MaxSpecBytes = 4L << 20;

    public static DatasetSpec? Load(string specPath, DiagnosticBag diagnostics, string? displayPath = null)
    {
        var file = displayPath ?? specPath;
        string text;
        try
        {
            if (new FileInfo(specPath).Length > MaxSpecBytes)
            {
                diagnostics.Error(DiagnosticCodes.SpecRefused, SourceLocation.InFile(file), $"the spec is larger than {MaxSpecBytes / (1 << 20)} MiB");
                return null;
            }

            text = File.ReadAllText(specPath, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(DiagnosticCodes.SpecNotFound, SourceLocation.InFile(file), $"cannot read the spec: {ex.Message}");
            return null;
        }

        return Parse(text, specPath, diagnostics, file);
    }

    public static DatasetSpec? Parse(string text, string specPath, DiagnosticBag diagnostics, string? displayPath = null)
    {
        var file = displayPath ?? specPath;
        var errorsBefore = diagnostics.Items.Count(d => d.Severity == DiagnosticSeverity.Error);
        var root = YamlTreeReader.Read(text, file, diagnostics);
        if (root is null)
        {
            if (!diagnostics.HasErrors)
            {
                diagnostics.Error(DiagnosticCodes.SpecSyntax, new SourceLocation(file, 1, 1), "the spec is empty");
            }

            return null;
        }

        if (root is not YamlMapping rootMapping)
        {
            diagnostics.Error(DiagnosticCodes.SpecWrongType, root.Location, $"the spec must be a mapping of keys, not {root.KindName}");
            return null;
        }

        var spec = ReadRoot(rootMapping, specPath, diagnostics);
        var errorsAfter = diagnostics.Items.Count(d => d.Severity == DiagnosticSeverity.Error);
        if (spec is null || errorsAfter > errorsBefore)
        {
            return null;
        }

        SpecSemanticChecks.Run(spec, diagnostics);
        LicenseGate.Run(spec, diagnostics);
        return diagnostics.Items.Count(d => d.Severity == DiagnosticSeverity.Error) > errorsBefore ? null : spec;
    }

    private static DatasetSpec? ReadRoot(YamlMapping mapping, string specPath, DiagnosticBag diagnostics)
    {
        var reader = new MappingReader(mapping, "the spec", diagnostics);
        var name = reader.String("name", required: true);
        if (name is not null && !NamePattern().IsMatch(name))
        {
            diagnostics.Error(DiagnosticCodes.SpecBadName, reader.LocationOf("name"), $"name '{name}' must be lower-case letters, digits and '-' (as in 'support-intents')");
        }

        var version = reader.String("version", required: true);
        if (version is not null && !SemVerPattern().IsMatch(version))
        {
            diagnostics.Error(DiagnosticCodes.SpecBadSemver, reader.LocationOf("version"), $"version '{version}' is not a semantic version (MAJOR.MINOR.PATCH, as in '1.2.0')");
        }

        var description = reader.String("description");
        var task = reader.MappingOf("task") is { } taskNode ? ReadTask(taskNode, diagnostics) : null;
        var schemaNode = reader.MappingOf("schema", required: true);
        var schema = schemaNode is null ? null : ReadSchema(schemaNode, diagnostics);
        var sources = SourceSpecReader.ReadAll(reader.SequenceOf("sources", required: true), diagnostics);
        var filters = OperatorSpecReader.ReadFilters(reader.SequenceOf("filters"), diagnostics);
        var labels = reader.MappingOf("labels") is { } labelsNode ? OperatorSpecReader.ReadLabels(labelsNode, task, diagnostics) : null;
        var dedup = reader.MappingOf("dedup") is { } dedupNode ? DedupSpecReader.Read(dedupNode, task, diagnostics) : null;
        var outputs = ReadOutputs(reader, task, description, diagnostics);
        var splits = reader.MappingOf("splits") is { } splitsNode ? ReadSplits(splitsNode, diagnostics) : null;
        var coverage = reader.MappingOf("coverage") is { } coverageNode ? ReadCoverage(coverageNode, diagnostics) : null;
        var select = reader.MappingOf("select") is { } selectNode ? SelectSpecReader.Read(selectNode, task, diagnostics) : null;
        var review = reader.MappingOf("review") is { } reviewNode ? SelectSpecReader.Review(reviewNode, task, diagnostics) : null;
        var feedback = reader.MappingOf("feedback") is { } feedbackNode ? SelectSpecReader.Feedback(feedbackNode, diagnostics) : null;
        foreach (var key in PlannedTopLevelKeys)
        {
            reader.NotSupportedYet(key);
        }

        reader.Finish();
        if (name is null || version is null || schema is null)
        {
            return null;
        }

        return new DatasetSpec(name, version, description, task, schema, sources, filters, labels, dedup, outputs, specPath, mapping)
        {
            TokenBudget = filters.OfType<TokensFilterSpec>().Select(t => new TokenBudgetSpec(t.Max, t.Min, t.Location, t.Canonical)).FirstOrDefault(),
            Splits = splits,
            Coverage = coverage,
            Select = select,
            Review = review,
            Feedback = feedback,
        };
    }

    private static TaskSpec? ReadTask(YamlMapping node, DiagnosticBag diagnostics)
    {
        var reader = new MappingReader(node, "'task'", diagnostics);
        var type = reader.OneOf("type", TaskSpec.Types) ?? "other";
        var input = reader.StringList("input") ?? [];
        var target = reader.String("target");
        var labels = reader.StringList("labels") ?? [];
        var intendedUse = reader.OneOf("intended_use", TaskSpec.IntendedUses);
        var tokenizer = reader.OneOf("tokenizer", TaskSpec.Tokenizers);
        reader.Finish();
        foreach (var duplicate in labels.GroupBy(l => l, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            diagnostics.Error(DiagnosticCodes.SpecBadValue, reader.LocationOf("labels"), $"label '{duplicate.Key}' is listed twice in 'task.labels'");
        }

        return new TaskSpec(type, input, target, labels, intendedUse, tokenizer);
    }

    private static RecordSchema? ReadSchema(YamlMapping node, DiagnosticBag diagnostics)
    {
        var fields = new List<FieldDefinition>();
        foreach (var (key, value) in node.Entries)
        {
            if (!FieldNamePattern().IsMatch(key.Value))
            {
                diagnostics.Error(DiagnosticCodes.SpecBadName, key.Location, $"field name '{key.Value}' must start with a letter or '_' and contain only letters, digits and '_'");
                continue;
            }

            if (value is not YamlScalar { IsNull: false } scalar)
            {
                diagnostics.Error(DiagnosticCodes.SpecWrongType, value.Location, $"the type of field '{key.Value}' must be one of {string.Join(", ", FieldTypeNames.All)} (with '?' when optional)");
                continue;
            }

            var typeName = scalar.Value.Trim();
            var optional = typeName.EndsWith('?');
            if (optional)
            {
                typeName = typeName[..^1];
            }

            if (!FieldTypeNames.TryParse(typeName, out var type))
            {
                diagnostics.Error(
                    DiagnosticCodes.SpecBadValue,
                    scalar.Location,
                    $"unknown type '{typeName}' for field '{key.Value}'; expected one of: {string.Join(", ", FieldTypeNames.All)}{Text.EditDistance.Suggestion(typeName, FieldTypeNames.All)}");
                continue;
            }

            if (key.Value == RecordSchema.IdField && (type != FieldType.String || optional))
            {
                diagnostics.Error(DiagnosticCodes.SpecBadValue, scalar.Location, "field 'id' is the record id and must be declared as 'string'");
                continue;
            }

            fields.Add(new FieldDefinition(key.Value, type, optional));
        }

        if (fields.Count(f => f.Name != RecordSchema.IdField) == 0)
        {
            diagnostics.Error(DiagnosticCodes.SpecMissingKey, node.Location, "the schema must declare at least one field besides 'id'");
        }

        // The id travels beside the values; a declared 'id: string' only documents it.
        return new RecordSchema(fields.Where(f => f.Name != RecordSchema.IdField).ToList());
    }


    private static CoverageSpec ReadCoverage(YamlMapping node, DiagnosticBag diagnostics)
    {
        var reader = new MappingReader(node, "'coverage'", diagnostics);
        var onUnmet = reader.OneOf("on_unmet", CoverageSpec.OnUnmetModes) ?? "error";
        var targets = new List<CoverageTargetSpec>();
        foreach (var item in reader.SequenceOf("targets", required: true)?.Items ?? [])
        {
            if (item is not YamlMapping mapping)
            {
                diagnostics.Error(DiagnosticCodes.SpecWrongType, item.Location, $"each coverage target must be a mapping such as '{{ by: label, min_count: 50 }}', not {item.KindName}");
                continue;
            }

            var target = new MappingReader(mapping, "a coverage target", diagnostics);
            var by = target.String("by");
            var where = target.String("where");
            var name = target.String("name") ?? by ?? where;
            var minCount = target.Int("min_count", min: 0);
            var maxShare = target.Double("max_share", 0, 1);
            var maxError = target.Double("max_error", 0, 1);
            var errorMinCount = target.Int("error_min_count", min: 0);
            target.Finish();
            if ((maxError is null) != (errorMinCount is null) || (maxError is not null && by is null))
            {
                diagnostics.Error(DiagnosticCodes.SpecMissingKey, mapping.Location, "'max_error' and 'error_min_count' go together, on a 'by' target (they need 'feedback')");
                continue;
            }

            if ((by is null) == (where is null))
            {
                diagnostics.Error(DiagnosticCodes.SpecMissingKey, mapping.Location, "a coverage target needs exactly one of 'by' and 'where'");
                continue;
            }

            if (minCount is null && maxShare is null)
            {
                diagnostics.Error(DiagnosticCodes.SpecMissingKey, mapping.Location, "a coverage target needs 'min_count', 'max_share' or both");
                continue;
            }

            targets.Add(new CoverageTargetSpec(name!, by, where, minCount, maxShare, mapping.Location) { MaxError = maxError, ErrorMinCount = errorMinCount });
        }

        reader.Finish();
        return new CoverageSpec(onUnmet, targets);
    }

    private static SplitsSpec? ReadSplits(YamlMapping node, DiagnosticBag diagnostics)
    {
        var reader = new MappingReader(node, "'splits'", diagnostics);
        var ratios = new List<(string, double)>();
        if (reader.MappingOf("ratios", required: true) is { } ratiosNode)
        {
            foreach (var (key, value) in ratiosNode.Entries)
            {
                if (!SplitNamePattern().IsMatch(key.Value))
                {
                    diagnostics.Error(DiagnosticCodes.SpecBadName, key.Location, $"split name '{key.Value}' must be lower-case letters, digits and '_' (as in 'train')");
                    continue;
                }

                if (key.Value == Engine.Stages.SplitAssigner.Single)
                {
                    // The one split of a dataset without splits (data/all.parquet), which the card publishes as
                    // 'train' because Hugging Face reserves 'all': a split of that name would be folded into train.
                    diagnostics.Error(DiagnosticCodes.SpecBadName, key.Location, $"split name '{key.Value}' is reserved (it names the one split of a dataset without 'splits', and Hugging Face reserves it): choose another name");
                }

                if (value is YamlScalar s && double.TryParse(s.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ratio) && ratio > 0 && ratio <= 1)
                {
                    ratios.Add((key.Value, ratio));
                }
                else
                {
                    diagnostics.Error(DiagnosticCodes.SpecBadValue, value.Location, $"the ratio of split '{key.Value}' must be a number in (0, 1]");
                }
            }

            if (ratios.Count > 0 && Math.Abs(ratios.Sum(r => r.Item2) - 1) > 1e-6)
            {
                diagnostics.Error(DiagnosticCodes.SpecBadValue, ratiosNode.Location, $"split ratios must add up to 1, not {ratios.Sum(r => r.Item2).ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            }
        }

        var stratifyBy = reader.String("stratify_by");
        var groupBy = reader.String("group_by");
        var seed = reader.Int("seed") ?? 0;
        reader.Finish();
        return ratios.Count == 0 ? null : new SplitsSpec(ratios, stratifyBy, groupBy, seed, node.Location, YamlCanonical.Of(node));
    }

    private static IReadOnlyList<OutputSpec> ReadOutputs(MappingReader reader, TaskSpec? task, string? description, DiagnosticBag diagnostics)
    {
        var sequence = reader.SequenceOf("outputs");
        if (sequence is null)
        {
            return [new OutputSpec("parquet", reader.Mapping.Location)];
        }

        var outputs = new List<OutputSpec>();
        foreach (var item in sequence.Items)
        {
            if (item is not YamlMapping mapping)
            {
                diagnostics.Error(DiagnosticCodes.SpecWrongType, item.Location, $"each output must be a mapping such as '{{ format: parquet }}', not {item.KindName}");
                continue;
            }

            var output = new MappingReader(mapping, "an output", diagnostics);
            var format = output.OneOf("format", OutputSpec.Supported, required: true);
            var templates = format switch
            {
                "chat" => ReadTemplates(output, [("system", null), ("user", DefaultInput(task)), ("assistant", DefaultTarget(task))], diagnostics),
                "instruction" => ReadTemplates(output, [("instruction", description), ("input", DefaultInput(task)), ("output", DefaultTarget(task))], diagnostics),
                _ => [],
            };
            var compression = format == "parquet" ? output.OneOf("compression", OutputSpec.Compressions) : null;
            if (format is not null and not "parquet" && output.Has("compression")) // Has marks the key read: reported once, here
            {
                diagnostics.Error(DiagnosticCodes.SpecBadValue, output.KeyLocationOf("compression"), $"'compression' applies to parquet outputs only, not '{format}'");
            }

            output.Finish();
            if (format is not null)
            {
                if (outputs.Any(o => o.Format == format))
                {
                    diagnostics.Error(DiagnosticCodes.SpecBadValue, output.LocationOf("format"), $"output format '{format}' is listed twice");
                    continue;
                }

                outputs.Add(new OutputSpec(format, mapping.Location) { Templates = templates, Compression = compression ?? OutputSpec.DefaultCompression });
            }
        }

        return outputs;
    }

    /// <summary>
    /// Reads the role templates of a fine-tuning output; a role without a template takes its default from
    /// the task (user/input: the task's input fields; assistant/output: its target). The first role
    /// (system, instruction) may stay empty; the others must have a template.
    /// </summary>
    private static List<TemplateSpec> ReadTemplates(MappingReader output, (string Role, string? Default)[] roles, DiagnosticBag diagnostics)
    {
        var templates = new List<TemplateSpec>();
        for (var i = 0; i < roles.Length; i++)
        {
            var (role, fallback) = roles[i];
            var text = output.String(role);
            var at = output.Has(role) ? output.LocationOf(role) : output.Mapping.Location;
            text ??= fallback;
            if (text is null)
            {
                if (i > 0)
                {
                    var format = (output.Mapping["format"] as YamlScalar)?.Value;
                    diagnostics.Error(DiagnosticCodes.SpecMissingKey, output.Mapping.Location, $"output '{format}' needs a template for '{role}' (or 'task.input' and 'task.target' to default from)");
                }

                continue;
            }

            templates.Add(new TemplateSpec(role, text, at));
        }

        return templates;
    }

    private static string? DefaultInput(TaskSpec? task) =>
        task is { Input.Count: > 0 } ? string.Join("\n\n", task.Input.Select(f => $"{{{f}}}")) : null;

    private static string? DefaultTarget(TaskSpec? task) => task?.Target is { } target ? $"{{{target}}}" : null;

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex NamePattern();

    /// <summary>What a split name may be (also in the spec's JSON Schema).</summary>
    public const string SplitNameRegex = "^[a-z0-9_]+$";

    [GeneratedRegex(SplitNameRegex)]
    private static partial Regex SplitNamePattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    internal static partial Regex FieldNamePattern();

    // Semantic Versioning 2.0.0, https://semver.org
    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$")]
    private static partial Regex SemVerPattern();
}
