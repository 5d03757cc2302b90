using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Spec.Yaml;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Core.Spec;

/// <summary>Reads <c>filters:</c>, <c>labels:</c> and <c>dedup:</c>.</summary>
internal static class OperatorSpecReader
{
    private static readonly string[] SupportedFilters = ["length", "where", "required", "tokens", "blocklist", "pii", "regex", "relevance", "quality", "caption", "assets", "transcript"];

    /// <summary>Filter operators of spec language v1 that later issues build.</summary>
    private static readonly string[] PlannedFilters = [];

    public static IReadOnlyList<OperatorSpec> ReadFilters(YamlSequence? sequence, DiagnosticBag diagnostics)
    {
        var filters = new List<OperatorSpec>();
        foreach (var item in sequence?.Items ?? [])
        {
            if (item is not YamlMapping mapping)
            {
                diagnostics.Error(DiagnosticCodes.SpecWrongType, item.Location, $"each filter must be a mapping with one operator, as in '- length: {{ field: text, min_words: 3 }}', not {item.KindName}");
                continue;
            }

            if (ReadFilter(mapping, diagnostics) is { } filter)
            {
                filters.Add(filter);
            }
        }

        foreach (var group in filters.Where(f => f.Name is not null).GroupBy(f => f.Name).Where(g => g.Count() > 1))
        {
            diagnostics.Error(DiagnosticCodes.SpecBadValue, group.Last().Location, $"filter name '{group.Key}' is used twice");
        }

        return filters;
    }

    private static OperatorSpec? ReadFilter(YamlMapping mapping, DiagnosticBag diagnostics)
    {
        var operators = mapping.Entries.Where(e => e.Key.Value != "name").ToList();
        string? name = null;
        if (mapping["name"] is { } nameNode)
        {
            name = nameNode is YamlScalar { IsNull: false } s ? s.Value : null;
            if (name is null)
            {
                diagnostics.Error(DiagnosticCodes.SpecWrongType, nameNode.Location, "a filter's 'name' must be a string");
            }
        }

        if (operators.Count != 1)
        {
            diagnostics.Error(
                DiagnosticCodes.SpecUnknownOperator,
                mapping.Location,
                operators.Count == 0
                    ? $"a filter needs one operator: {string.Join(", ", SupportedFilters)}"
                    : $"a filter item holds one operator, found {string.Join(", ", operators.Select(o => $"'{o.Key.Value}'"))}; start a new '- ' item for each");
            return null;
        }

        var (key, value) = operators[0];
        var canonical = YamlCanonical.Of(mapping);
        switch (key.Value)
        {
            case "length":
                return ReadLength(name, key, value, canonical, diagnostics);
            case "where":
                if (value is YamlScalar { IsNull: false } expression)
                {
                    return new WhereFilterSpec(name, expression.Location, canonical, expression.Value);
                }

                diagnostics.Error(DiagnosticCodes.SpecWrongType, value.Location, "'where' must be an expression string, as in \"channel != 'spam'\"");
                return null;
            case "required":
                var fieldsReader = new MappingReader(mapping, "filter 'required'", diagnostics);
                var fields = fieldsReader.AsStringList(value, "required");
                if (fields is { Count: > 0 })
                {
                    return new RequiredFilterSpec(name, key.Location, canonical, fields);
                }

                diagnostics.Error(DiagnosticCodes.SpecBadValue, value.Location, "'required' must list at least one field");
                return null;
            case "tokens":
                if (value is not YamlMapping budget)
                {
                    diagnostics.Error(DiagnosticCodes.SpecWrongType, value.Location, "'tokens' must be a mapping such as '{ max: 4096, min: 8 }'");
                    return null;
                }

                var budgetReader = new MappingReader(budget, "filter 'tokens'", diagnostics);
                var max = budgetReader.Int("max", min: 1);
                var min = budgetReader.Int("min", min: 0);
                budgetReader.Finish();
                if (max is null && min is null)
                {
                    diagnostics.Error(DiagnosticCodes.SpecMissingKey, budget.Location, "filter 'tokens' needs 'max', 'min' or both");
                    return null;
                }

                return new TokensFilterSpec(name, key.Location, canonical, max, min);
            case "quality":
                if (value is not YamlMapping qualityNode)
                {
                    diagnostics.Error(DiagnosticCodes.SpecWrongType, value.Location, "'quality' must be a mapping such as '{ preset: gopher, field: text }'");
                    return null;
                }

                var qualityReader = new MappingReader(qualityNode, "filter 'quality'", diagnostics);
                var preset = qualityReader.OneOf("preset", ["gopher", "c4"], required: true);
                var qualityField = qualityReader.String("field") ?? "text";
                var defaults = preset == "c4" ? Operators.Filters.C4Rules.Defaults : Operators.Filters.GopherRules.Defaults;
                var thresholds = new Dictionary<string, double>(defaults, StringComparer.Ordinal);
                foreach (var thresholdKey in defaults.Keys)
                {
                    var overridden = preset == "c4" && Operators.Filters.C4Rules.Flags.Contains(thresholdKey)
                        ? qualityReader.Bool(thresholdKey) is { } flag ? flag ? 1 : 0 : (double?)null
                        : qualityReader.Double(thresholdKey, 0);
                    if (overridden is { } given)
                    {
                        thresholds[thresholdKey] = given;
                    }
                }

                qualityReader.Finish();
                return preset is null ? null : new QualityFilterSpec(name, key.Location, canonical, preset, qualityField, thresholds);
            case "regex":
                if (value is not YamlMapping regexNode)
                {
                    diagnostics.Error(DiagnosticCodes.SpecWrongType, value.Location, "'regex' must be a mapping such as '{ field: text, pattern: \"lorem ipsum\", action: drop }'");
                    return null;
                }

                var regexReader = new MappingReader(regexNode, "filter 'regex'", diagnostics);
                var regexField = regexReader.String("field", required: true);
                var regexPattern = regexReader.String("pattern", required: true);
                var regexAction = regexReader.OneOf("action", ["drop", "keep"]) ?? "drop";
                regexReader.Finish();
                if (regexPattern is not null && !IsValidPattern(regexPattern, regexReader.LocationOf("pattern"), "", diagnostics))
                {
                    return null;
                }

                return regexField is null || regexPattern is null ? null : new RegexFilterSpec(name, key.Location, canonical, regexField, regexPattern, regexAction);
            case "relevance":
                if (value is not YamlMapping relevanceNode)
                {
                    diagnostics.Error(DiagnosticCodes.SpecWrongType, value.Location, "'relevance' must be a mapping such as '{ field: text, keywords: [refund, invoice], min_hits: 1 }'");
                    return null;
                }

                var relevanceReader = new MappingReader(relevanceNode, "filter 'relevance'", diagnostics);
                var relevanceField = relevanceReader.String("field", required: true);
                var keywords = relevanceReader.StringList("keywords", required: true);
                var minHits = relevanceReader.Int("min_hits", min: 1) ?? 1;
                relevanceReader.Finish();
                return relevanceField is null || keywords is not { Count: > 0 } ? null : new RelevanceFilterSpec(name, key.Location, canonical, relevanceField, keywords, minHits);
            case "caption":
                if (value is not YamlMapping captionNode)
                {
                    diagnostics.Error(DiagnosticCodes.SpecWrongType, value.Location, "'caption' must be a mapping such as '{ field: caption, min_words: 3 }'");
                    return null;
                }

                var captionReader = new MappingReader(captionNode, "filter 'caption'", diagnostics);
                var captionField = captionReader.String("field", required: true);
                var captionMinWords = captionReader.Int("min_words", min: 0) ?? 3;
                var generic = captionReader.StringList("generic") ?? CaptionFilterSpec.DefaultGeneric;
                var maxReuse = captionReader.Int("max_reuse", min: 1);
                var captionAction = captionReader.OneOf("action", CaptionFilterSpec.Actions) ?? "drop";
                captionReader.Finish();
                return captionField is null ? null : new CaptionFilterSpec(name, key.Location, canonical, captionField, captionMinWords, generic, maxReuse, captionAction);
            case "assets":
                return ReadAssets(name, key, value, canonical, diagnostics);
            case "transcript":
                return ReadTranscript(name, key, value, canonical, diagnostics);
            case "pii":
                if (value is not YamlMapping piiNode)
                {
                    diagnostics.Error(DiagnosticCodes.SpecWrongType, value.Location, "'pii' must be a mapping such as '{ fields: [text], action: redact }'");
                    return null;
                }

                var piiReader = new MappingReader(piiNode, "filter 'pii'", diagnostics);
                var piiFields = piiReader.StringList("fields", required: true);
                var kinds = piiReader.StringList("kinds") ?? PiiFilterSpec.AllKinds;
                foreach (var kind in kinds.Where(k => !PiiFilterSpec.AllKinds.Contains(k)))
                {
                    diagnostics.Error(DiagnosticCodes.SpecBadValue, piiReader.LocationOf("kinds"), $"unknown pii kind '{kind}'; expected one of: {string.Join(", ", PiiFilterSpec.AllKinds)}{EditDistance.Suggestion(kind, PiiFilterSpec.AllKinds)}");
                }

                var action = piiReader.OneOf("action", PiiFilterSpec.Actions) ?? "redact";
                piiReader.Finish();
                return piiFields is null ? null : new PiiFilterSpec(name, key.Location, canonical, piiFields, kinds, action);
            case "blocklist":
                if (value is not YamlMapping list)
                {
                    diagnostics.Error(DiagnosticCodes.SpecWrongType, value.Location, "'blocklist' must be a mapping such as '{ field: id, file: takedown.txt }'");
                    return null;
                }

                var listReader = new MappingReader(list, "filter 'blocklist'", diagnostics);
                var listField = listReader.String("field") ?? RecordSchema.IdField;
                var listFile = listReader.String("file", required: true);
                listReader.Finish();
                return listFile is null ? null : new BlocklistFilterSpec(name, key.Location, canonical, listField, listFile, listReader.LocationOf("file"));
            case var planned when PlannedFilters.Contains(planned):
                diagnostics.Error(DiagnosticCodes.SpecNotSupportedYet, key.Location, $"'{planned}' is not supported yet (filter operator)");
                return null;
            default:
                diagnostics.Error(
                    DiagnosticCodes.SpecUnknownOperator,
                    key.Location,
                    $"unknown filter operator '{key.Value}'{EditDistance.Suggestion(key.Value, [.. SupportedFilters, .. PlannedFilters])}");
                return null;
        }
    }

    private static AssetsFilterSpec? ReadAssets(string? name, YamlScalar key, YamlNodeBase value, string canonical, DiagnosticBag diagnostics)
    {
        if (value is not YamlMapping mapping)
        {
            diagnostics.Error(DiagnosticCodes.SpecWrongType, value.Location, $"'assets' must be a mapping such as '{{ fields: [image], decode: true, min_width: 64 }}', not {value.KindName}");
            return null;
        }

        var reader = new MappingReader(mapping, "filter 'assets'", diagnostics);
        var fields = reader.StringList("fields", required: true);
        var decode = reader.Bool("decode") ?? true;
        var minWidth = reader.Int("min_width", min: 1);
        var minHeight = reader.Int("min_height", min: 1);
        var minSeconds = reader.Double("min_seconds", 0);
        var maxSeconds = reader.Double("max_seconds", 0);
        reader.Finish();
        if (fields is { Count: 0 })
        {
            diagnostics.Error(DiagnosticCodes.SpecBadValue, reader.LocationOf("fields"), "filter 'assets' must list at least one field in 'fields'");
            return null;
        }

        if (minSeconds > maxSeconds)
        {
            diagnostics.Error(DiagnosticCodes.SpecBadValue, mapping.Location, "filter 'assets' has 'min_seconds' greater than 'max_seconds'");
        }

        return fields is null ? null : new AssetsFilterSpec(name, key.Location, canonical, fields, decode, minWidth, minHeight, minSeconds, maxSeconds);
    }

    private static TranscriptFilterSpec? ReadTranscript(string? name, YamlScalar key, YamlNodeBase value, string canonical, DiagnosticBag diagnostics)
    {
        if (value is not YamlMapping mapping)
        {
            diagnostics.Error(DiagnosticCodes.SpecWrongType, value.Location, $"'transcript' must be a mapping such as '{{ audio: clip, text: transcript, max_words_per_second: 5 }}', not {value.KindName}");
            return null;
        }

        var reader = new MappingReader(mapping, "filter 'transcript'", diagnostics);
        var audio = reader.String("audio", required: true);
        var text = reader.String("text", required: true);
        var min = reader.Double("min_words_per_second", 0) ?? TranscriptFilterSpec.DefaultMinWordsPerSecond;
        var max = reader.Double("max_words_per_second", 0.01) ?? TranscriptFilterSpec.DefaultMaxWordsPerSecond;
        var silence = reader.Double("silence_db", -120, -1) ?? TranscriptFilterSpec.DefaultSilenceDb;
        reader.Finish();
        if (min > max)
        {
            diagnostics.Error(DiagnosticCodes.SpecBadValue, mapping.Location, "filter 'transcript' has 'min_words_per_second' greater than 'max_words_per_second'");
            return null;
        }

        return audio is null || text is null ? null : new TranscriptFilterSpec(name, key.Location, canonical, audio, text, min, max, silence);
    }

    private static LengthFilterSpec? ReadLength(string? name, YamlScalar key, YamlNodeBase value, string canonical, DiagnosticBag diagnostics)
    {
        if (value is not YamlMapping mapping)
        {
            diagnostics.Error(DiagnosticCodes.SpecWrongType, value.Location, $"'length' must be a mapping such as '{{ field: text, min_words: 3 }}', not {value.KindName}");
            return null;
        }

        var reader = new MappingReader(mapping, "filter 'length'", diagnostics);
        var field = reader.String("field", required: true);
        var minWords = reader.Int("min_words", min: 0);
        var maxWords = reader.Int("max_words", min: 0);
        var minChars = reader.Int("min_chars", min: 0);
        var maxChars = reader.Int("max_chars", min: 0);
        reader.Finish();
        if (minWords is null && maxWords is null && minChars is null && maxChars is null)
        {
            diagnostics.Error(DiagnosticCodes.SpecMissingKey, mapping.Location, "filter 'length' needs at least one of min_words, max_words, min_chars, max_chars");
        }

        if (minWords > maxWords || minChars > maxChars)
        {
            diagnostics.Error(DiagnosticCodes.SpecBadValue, mapping.Location, "filter 'length' has a minimum greater than its maximum");
        }

        return field is null ? null : new LengthFilterSpec(name, key.Location, canonical, field, minWords, maxWords, minChars, maxChars);
    }

    public static LabelsSpec? ReadLabels(YamlMapping mapping, TaskSpec? task, DiagnosticBag diagnostics)
    {
        var reader = new MappingReader(mapping, "'labels'", diagnostics);
        var field = reader.String("field") ?? task?.Target ?? "label";
        var normalize = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reader.MappingOf("normalize") is { } normalizeNode)
        {
            foreach (var (variant, canonicalLabel) in normalizeNode.Entries)
            {
                if (canonicalLabel is YamlScalar { IsNull: false } target)
                {
                    normalize[variant.Value] = target.Value;
                }
                else
                {
                    diagnostics.Error(DiagnosticCodes.SpecWrongType, canonicalLabel.Location, $"'normalize.{variant.Value}' must name a label");
                }
            }
        }

        // Without a label set there is nothing to check against: the default is then keep.
        var unknown = reader.OneOf("unknown", LabelsSpec.UnknownModes) ?? ((task?.Labels.Count ?? 0) > 0 ? "error" : "keep");
        var rules = ReadRules(reader.SequenceOf("rules"), diagnostics);
        var conflicts = reader.OneOf("conflicts", LabelsSpec.ConflictModes);
        reader.Finish();
        var known = task?.Labels ?? [];
        if (known.Count == 0 && unknown != "keep")
        {
            diagnostics.Error(DiagnosticCodes.SpecMissingKey, reader.KeyLocationOf("unknown"),
                $"'labels.unknown: {unknown}' needs the label set in 'task.labels' (or set 'unknown: keep')");
        }

        if (known.Count > 0 && reader.MappingOf("normalize") is { } n)
        {
            foreach (var (variant, target) in n.Entries)
            {
                if (target is YamlScalar { IsNull: false } s && !known.Contains(s.Value, StringComparer.Ordinal))
                {
                    diagnostics.Error(DiagnosticCodes.SpecBadValue, s.Location, $"'normalize.{variant.Value}' maps to '{s.Value}', which is not in 'task.labels'{EditDistance.Suggestion(s.Value, known)}");
                }
            }
        }

        foreach (var rule in rules.Where(r => known.Count > 0 && !known.Contains(r.Label, StringComparer.Ordinal)))
        {
            diagnostics.Error(DiagnosticCodes.SpecBadValue, rule.Location, $"rule '{rule.Name}' gives label '{rule.Label}', which is not in 'task.labels'{EditDistance.Suggestion(rule.Label, known)}");
        }

        return new LabelsSpec(field, normalize, unknown, known, mapping.Location, YamlCanonical.Of(mapping) + "|labels=" + string.Join(",", known))
        {
            Rules = rules,
            Conflicts = conflicts,
        };
    }

    private static List<LabelRuleSpec> ReadRules(YamlSequence? sequence, DiagnosticBag diagnostics)
    {
        var rules = new List<LabelRuleSpec>();
        foreach (var item in sequence?.Items ?? [])
        {
            if (item is not YamlMapping mapping)
            {
                diagnostics.Error(DiagnosticCodes.SpecWrongType, item.Location, $"each rule must be a mapping such as '{{ name: refunds, match: {{ field: text, pattern: \"refund\" }}, label: refund }}', not {item.KindName}");
                continue;
            }

            var reader = new MappingReader(mapping, "a label rule", diagnostics);
            var name = reader.String("name", required: true);
            var label = reader.String("label", required: true);
            var overrides = reader.Bool("override") ?? false;
            string? field = null, pattern = null;
            if (reader.MappingOf("match") is { } match)
            {
                var matchReader = new MappingReader(match, "'match'", diagnostics);
                field = matchReader.String("field", required: true);
                pattern = matchReader.String("pattern", required: true);
                matchReader.Finish();
                if (pattern is not null)
                {
                    IsValidPattern(pattern, matchReader.LocationOf("pattern"), $"pattern of rule '{name}' is ", diagnostics);
                }
            }

            var where = reader.String("where");
            reader.Finish();
            if ((pattern is null) == (where is null))
            {
                diagnostics.Error(DiagnosticCodes.SpecMissingKey, mapping.Location, $"rule '{name}' needs exactly one of 'match: {{ field, pattern }}' and 'where'");
                continue;
            }

            if (name is not null && label is not null)
            {
                if (rules.Any(r => r.Name == name))
                {
                    diagnostics.Error(DiagnosticCodes.SpecBadValue, reader.LocationOf("name"), $"rule name '{name}' is used twice");
                    continue;
                }

                rules.Add(new LabelRuleSpec(name, field, pattern, where, label, overrides, mapping.Location));
            }
        }

        return rules;
    }

    /// <summary>A spec's regular expression must compile; otherwise DSB1012 at the pattern ("{prefix}not a valid regular expression: …").</summary>
    public static bool IsValidPattern(string pattern, SourceLocation at, string prefix, DiagnosticBag diagnostics)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException ex)
        {
            diagnostics.Error(DiagnosticCodes.SpecBadExpression, at, $"{prefix}not a valid regular expression: {ex.Message}");
            return false;
        }
    }
}
