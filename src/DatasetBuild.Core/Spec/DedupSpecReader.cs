using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Spec.Yaml;

namespace DatasetBuild.Core.Spec;

/// <summary>Reads the <c>dedup:</c> section: <c>exact</c>, <c>near</c> and <c>assets</c>.</summary>
public static class DedupSpecReader
{
    public static DedupSpec Read(YamlMapping mapping, TaskSpec? task, DiagnosticBag diagnostics)
    {
        var reader = new MappingReader(mapping, "'dedup'", diagnostics);
        var exact = reader.MappingOf("exact") is { } exactNode ? ReadExact(exactNode, reader.KeyLocationOf("exact"), diagnostics) : null;
        var near = reader.MappingOf("near") is { } nearNode ? ReadNear(nearNode, reader.KeyLocationOf("near"), task, diagnostics) : null;
        var assets = reader.MappingOf("assets") is { } assetsNode ? ReadAssets(assetsNode, reader.KeyLocationOf("assets"), diagnostics) : null;
        reader.Finish();
        return new DedupSpec(exact) { Near = near, Assets = assets };
    }

    private static ExactDedupSpec? ReadExact(YamlMapping node, SourceLocation at, DiagnosticBag diagnostics)
    {
        var reader = new MappingReader(node, "'dedup.exact'", diagnostics);
        var fields = reader.StringList("fields", required: true);
        var normalize = reader.Bool("normalize") ?? false;
        reader.Finish();
        if (fields is { Count: 0 })
        {
            diagnostics.Error(DiagnosticCodes.SpecBadValue, reader.LocationOf("fields"), "'dedup.exact.fields' must list at least one field");
        }

        return fields is { Count: > 0 } ? new ExactDedupSpec(fields, normalize, at, YamlCanonical.Of(node)) : null;
    }

    private static AssetDedupSpec? ReadAssets(YamlMapping node, SourceLocation at, DiagnosticBag diagnostics)
    {
        var reader = new MappingReader(node, "'dedup.assets'", diagnostics);
        var field = reader.String("field", required: true);
        var maxDistance = reader.Int("max_distance", min: 0) ?? 0;
        reader.Finish();
        if (maxDistance > AssetDedupSpec.MaxAllowedDistance)
        {
            diagnostics.Error(DiagnosticCodes.SpecBadValue, reader.LocationOf("max_distance"),
                $"'dedup.assets.max_distance' must be at most {AssetDedupSpec.MaxAllowedDistance} (of 64 dHash bits; beyond that unrelated images match), not {maxDistance}");
            return null;
        }

        return field is null ? null : new AssetDedupSpec(field, maxDistance, at, YamlCanonical.Of(node));
    }

    private static NearDedupSpec? ReadNear(YamlMapping node, SourceLocation at, TaskSpec? task, DiagnosticBag diagnostics)
    {
        var reader = new MappingReader(node, "'dedup.near'", diagnostics);
        var field = reader.String("field") ?? task?.Input.FirstOrDefault() ?? "text";
        var unit = reader.OneOf("unit", NearDedupSpec.Units) ?? "word";
        var ngram = reader.Int("ngram", min: 1) ?? 5;
        var permutations = reader.Int("permutations", min: 8) ?? 128;
        var seed = reader.Int("seed", min: 0) ?? 42;
        var threshold = reader.Double("threshold", 0.01, 1) ?? 0.8;
        var bands = reader.Int("bands", min: 1);
        var rows = reader.Int("rows", min: 1);
        var verify = reader.Bool("verify") ?? true;
        var keep = reader.OneOf("keep", NearDedupSpec.KeepRules) ?? "first";
        var against = reader.String("against");
        reader.Finish();
        if ((bands is null) != (rows is null))
        {
            diagnostics.Error(DiagnosticCodes.SpecMissingKey, node.Location, "'dedup.near' needs both 'bands' and 'rows', or neither (then they are chosen from 'threshold')");
            return null;
        }

        if (bands * rows > permutations)
        {
            diagnostics.Error(DiagnosticCodes.SpecBadValue, reader.LocationOf("bands"), $"'dedup.near' bands x rows ({bands * rows}) is more than 'permutations' ({permutations})");
            return null;
        }

        return new NearDedupSpec(field, unit, ngram, permutations, seed, threshold, bands, rows, verify, keep, against, reader.LocationOf("against"), at, YamlCanonical.Of(node));
    }
}
