using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Operators.Filters;
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

        foreach (var source in spec.Sources)
        {
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
            RequireField(labels.Field, labels.Location, "'labels.field'");
            if (schema.IndexOf(labels.Field) is var i && i >= 0 && schema.Fields[i].Type != FieldType.String)
            {
                diagnostics.Error(DiagnosticCodes.SpecBadValue, labels.Location, $"the label field '{labels.Field}' must be a string field");
            }
        }

        if (spec.Dedup?.Exact is { } exact)
        {
            foreach (var field in exact.Fields)
            {
                RequireField(field, exact.Location, "'dedup.exact'");
            }
        }
    }
}
