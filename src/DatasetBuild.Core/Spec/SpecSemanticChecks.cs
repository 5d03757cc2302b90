using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Operators.Filters;
using DatasetBuild.Core.Output.FineTuning;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Core.Spec;

/// <summary>Checks that need the whole spec: every field a source, filter, label step or dedup names exists in the schema.</summary>
internal static class SpecSemanticChecks
{
    public static void Run(DatasetSpec spec, DiagnosticBag diagnostics)
    {
        var schema = spec.Schema;
        void RequireField(string field, SourceLocation at, string where)
        {
            if (!schema.Contains(field))
            {
                diagnostics.Error(
                    DiagnosticCodes.SpecUnknownField,
                    at,
                    $"{where} names field '{field}', which is not in the schema{EditDistance.Suggestion(field, schema.ReferableNames)}");
            }
        }

        var assetFields = spec.Sources.SelectMany(s => s.Assets).Distinct(StringComparer.Ordinal).ToList();
        void RequireAssetField(string field, SourceLocation at, string where)
        {
            RequireField(field, at, where);
            if (schema.Contains(field) && !assetFields.Contains(field, StringComparer.Ordinal))
            {
                diagnostics.Error(
                    DiagnosticCodes.SpecBadValue,
                    at,
                    $"{where} names field '{field}', which no source lists in 'assets'; add 'assets: [{field}]' to the sources whose '{field}' holds file paths{EditDistance.Suggestion(field, assetFields)}");
            }
        }

        foreach (var source in spec.Sources)
        {
            foreach (var asset in source.Assets)
            {
                RequireField(asset, source.AssetsLocation, $"'assets' of source '{source.Name}'");
                if (asset == RecordSchema.IdField || (schema.IndexOf(asset) is var a && a >= 0 && schema.Fields[a].Type != FieldType.String))
                {
                    diagnostics.Error(DiagnosticCodes.SpecBadValue, source.AssetsLocation, $"asset field '{asset}' of source '{source.Name}' must be a string field holding a file path");
                }
            }

            foreach (var target in source.Map.Keys)
            {
                if (target == RecordSchema.IdField)
                {
                    diagnostics.Error(DiagnosticCodes.SpecBadValue, source.Location, $"source '{source.Name}' maps 'id'; use 'id: <field>' to name the record id field instead");
                    continue;
                }

                RequireField(target, source.Location, $"'map' of source '{source.Name}'");
            }
        }

        if (spec.Task is { } task)
        {
            foreach (var input in task.Input)
            {
                RequireField(input, spec.Root.Location, "'task.input'");
            }

            if (task.Target is not null)
            {
                RequireField(task.Target, spec.Root.Location, "'task.target'");
            }
        }

        foreach (var filter in spec.Filters)
        {
            switch (filter)
            {
                case LengthFilterSpec length:
                    RequireField(length.Field, length.Location, $"filter '{length.DisplayName}'");
                    if (schema.IndexOf(length.Field) is var i && i >= 0 && schema.Fields[i].Type != FieldType.String)
                    {
                        diagnostics.Error(DiagnosticCodes.SpecBadValue, length.Location, $"filter 'length' needs a string field; '{length.Field}' is {schema.Fields[i].Type.Name()}");
                    }

                    break;
                case RequiredFilterSpec required:
                    foreach (var field in required.Fields)
                    {
                        RequireField(field, required.Location, $"filter '{required.DisplayName}'");
                    }

                    break;
                case QualityFilterSpec quality:
                    RequireField(quality.Field, quality.Location, $"filter '{quality.DisplayName}'");
                    break;
                case RegexFilterSpec regex:
                    RequireField(regex.Field, regex.Location, $"filter '{regex.DisplayName}'");
                    break;
                case CaptionFilterSpec caption:
                    RequireField(caption.Field, caption.Location, $"filter '{caption.DisplayName}'");
                    break;
                case RelevanceFilterSpec relevance:
                    RequireField(relevance.Field, relevance.Location, $"filter '{relevance.DisplayName}'");
                    break;
                case PiiFilterSpec pii:
                    foreach (var field in pii.Fields)
                    {
                        RequireField(field, pii.Location, $"filter '{pii.DisplayName}'");
                    }

                    break;
                case AssetsFilterSpec assets:
                    foreach (var field in assets.Fields)
                    {
                        RequireAssetField(field, assets.Location, $"filter '{assets.DisplayName}'");
                    }

                    break;
                case TranscriptFilterSpec transcript:
                    RequireAssetField(transcript.Audio, transcript.Location, $"filter '{transcript.DisplayName}'");
                    RequireField(transcript.Text, transcript.Location, $"filter '{transcript.DisplayName}'");
                    break;
                case BlocklistFilterSpec blocklist:
                    RequireField(blocklist.Field, blocklist.Location, $"filter '{blocklist.DisplayName}'");
                    if (!File.Exists(Path.Combine(spec.SpecDirectory, blocklist.File)))
                    {
                        diagnostics.Error(DiagnosticCodes.SpecNotFound, blocklist.FileLocation, $"blocklist file '{blocklist.File}' does not exist");
                    }

                    break;
                case WhereFilterSpec where:
                    if (WhereExpression.Validate(where.Expression, schema) is { } problem)
                    {
                        diagnostics.Error(DiagnosticCodes.SpecBadExpression, where.Location, problem);
                    }

                    break;
            }
        }

        if (spec.Labels is { } labels)
        {
            foreach (var rule in labels.Rules)
            {
                if (rule.Field is not null)
                {
                    RequireField(rule.Field, rule.Location, $"rule '{rule.Name}'");
                }

                if (rule.Where is not null && WhereExpression.Validate(rule.Where, schema) is { } problem)
                {
                    diagnostics.Error(DiagnosticCodes.SpecBadExpression, rule.Location, $"rule '{rule.Name}': {problem}");
                }
            }

            RequireField(labels.Field, labels.Location, "'labels.field'");
            if (schema.IndexOf(labels.Field) is var i && i >= 0 && schema.Fields[i].Type != FieldType.String)
            {
                diagnostics.Error(DiagnosticCodes.SpecBadValue, labels.Location, $"the label field '{labels.Field}' must be a string field");
            }
        }

        foreach (var output in spec.Outputs)
        {
            foreach (var template in output.Templates)
            {
                if (MessageTemplate.TryParse(template.Text, out var problem) is not { } parsed)
                {
                    diagnostics.Error(DiagnosticCodes.SpecBadValue, template.Location, $"the '{template.Role}' template of output '{output.Format}' is not valid: {problem}");
                    continue;
                }

                foreach (var field in parsed.Fields)
                {
                    RequireField(field, template.Location, $"the '{template.Role}' template of output '{output.Format}'");
                }
            }
        }

        var budgets = spec.Filters.OfType<TokensFilterSpec>().ToList();
        foreach (var extra in budgets.Skip(1))
        {
            diagnostics.Error(DiagnosticCodes.SpecBadValue, extra.Location, "only one 'tokens' filter may be given");
        }

        if (budgets.FirstOrDefault() is { } budget)
        {
            if (spec.Task?.Tokenizer is null)
            {
                diagnostics.Error(DiagnosticCodes.SpecMissingKey, budget.Location, $"filter 'tokens' needs 'task.tokenizer' ({string.Join(" or ", TaskSpec.Tokenizers)})");
            }

            if (!spec.Outputs.Any(o => o.IsFineTuning))
            {
                diagnostics.Error(DiagnosticCodes.SpecMissingKey, budget.Location, "filter 'tokens' counts the tokens of a rendered example: add a 'chat' or 'instruction' output");
            }

            if (budget.Min > budget.Max)
            {
                diagnostics.Error(DiagnosticCodes.SpecBadValue, budget.Location, "filter 'tokens' has 'min' greater than 'max'");
            }
        }

        foreach (var target in spec.Coverage?.Targets ?? [])
        {
            if (target.By is not null)
            {
                RequireField(target.By, target.Location, $"coverage target '{target.Name}'");
            }

            if (target.Where is not null && WhereExpression.Validate(target.Where, schema) is { } problem)
            {
                diagnostics.Error(DiagnosticCodes.SpecBadExpression, target.Location, $"coverage target '{target.Name}': {problem}");
            }
        }

        if (spec.Select is { } select)
        {
            if (select.Cap is { } cap)
            {
                RequireField(cap.By, select.Location, "'select.cap'");
            }

            if (select.LongTail is { } tail)
            {
                RequireField(tail.By, tail.Location, "'select.long_tail'");
                if (!spec.Sources.Any(s => s.Name == tail.From))
                {
                    diagnostics.Error(DiagnosticCodes.SpecBadValue, tail.FromLocation,
                        $"'select.long_tail.from' names source '{tail.From}', which is not in 'sources'{EditDistance.Suggestion(tail.From, spec.Sources.Select(s => s.Name).ToList())}");
                }
            }

            if (select.Diversity is { } diversity)
            {
                RequireField(diversity.Field, diversity.Location, "'select.diversity'");
            }
        }

        if (spec.Review is { } review)
        {
            RequireField(review.Field, review.Location, "'review'");
        }

        if (spec.Feedback is { } feedback)
        {
            RequireField(feedback.By, feedback.Location, "'feedback'");
        }

        foreach (var target in spec.Coverage?.Targets.Where(t => t.MaxError is not null) ?? [])
        {
            if (spec.Feedback?.By != target.By)
            {
                diagnostics.Error(DiagnosticCodes.SpecMissingKey, target.Location,
                    $"coverage target '{target.Name}' uses 'max_error', which needs 'feedback: {{ file: …, by: {target.By} }}'");
            }
        }

        if (spec.Splits is { } splits)
        {
            foreach (var field in new[] { splits.StratifyBy, splits.GroupBy }.OfType<string>())
            {
                RequireField(field, splits.Location, "'splits'");
            }
        }

        if (spec.Dedup?.Exact is { } exact)
        {
            foreach (var field in exact.Fields)
            {
                RequireField(field, exact.Location, "'dedup.exact'");
            }
        }

        if (spec.Dedup?.Near is { } near)
        {
            RequireField(near.Field, near.Location, "'dedup.near'");
        }

        if (spec.Dedup?.Assets is { } assetDedup)
        {
            RequireAssetField(assetDedup.Field, assetDedup.Location, "'dedup.assets'");
        }
    }
}
