using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Spec.Yaml;

namespace DatasetBuild.Core.Spec;

/// <summary>Reads <c>select:</c> (cap, long_tail, diversity), <c>review:</c> and <c>feedback:</c>.</summary>
public static class SelectSpecReader
{
    public static SelectSpec? Read(YamlMapping node, TaskSpec? task, DiagnosticBag diagnostics)
    {
        var reader = new MappingReader(node, "'select'", diagnostics);
        var seed = reader.Int("seed", min: 0) ?? 0;
        CapSpec? cap = null;
        if (reader.MappingOf("cap") is { } capNode)
        {
            var capReader = new MappingReader(capNode, "'select.cap'", diagnostics);
            var by = capReader.String("by", required: true);
            var max = capReader.Int("max", min: 1);
            if (max is null)
            {
                capReader.Required("max");
            }

            capReader.Finish();
            cap = by is null || max is null ? null : new CapSpec(by, max.Value);
        }

        LongTailSpec? longTail = null;
        if (reader.MappingOf("long_tail") is { } tailNode)
        {
            var tailReader = new MappingReader(tailNode, "'select.long_tail'", diagnostics);
            var by = tailReader.String("by", required: true);
            var min = tailReader.Int("min", min: 1);
            if (min is null)
            {
                tailReader.Required("min");
            }

            var from = tailReader.String("from", required: true);
            tailReader.Finish();
            longTail = by is null || min is null || from is null ? null : new LongTailSpec(by, min.Value, from, tailNode.Location, tailReader.LocationOf("from"));
        }

        DiversitySpec? diversity = null;
        if (reader.MappingOf("diversity") is { } diversityNode)
        {
            var diversityReader = new MappingReader(diversityNode, "'select.diversity'", diagnostics);
            var field = diversityReader.String("field") ?? task?.Input.FirstOrDefault() ?? "text";
            var keep = diversityReader.Double("keep", 0.01, 1);
            if (keep is null)
            {
                diversityReader.Required("keep");
            }

            diversityReader.Finish();
            diversity = keep is null ? null : new DiversitySpec(field, keep.Value, diversityNode.Location);
        }

        reader.Finish();
        if (cap is null && longTail is null && diversity is null)
        {
            diagnostics.Error(DiagnosticCodes.SpecMissingKey, node.Location, "'select' needs at least one of 'cap', 'long_tail', 'diversity'");
            return null;
        }

        return new SelectSpec(seed, node.Location, YamlCanonical.Of(node)) { Cap = cap, LongTail = longTail, Diversity = diversity };
    }

    public static ReviewSpec Review(YamlMapping node, TaskSpec? task, DiagnosticBag diagnostics)
    {
        var reader = new MappingReader(node, "'review'", diagnostics);
        var field = reader.String("field") ?? task?.Input.FirstOrDefault() ?? "text";
        var components = reader.Int("components", min: 1) ?? 16;
        var dimensions = reader.Int("dimensions", min: 16) ?? 512;
        var top = reader.Int("top", min: 0) ?? 20;
        var seed = reader.Int("seed", min: 0) ?? 0;
        reader.Finish();
        if (dimensions > 4096)
        {
            diagnostics.Error(DiagnosticCodes.SpecBadValue, reader.LocationOf("dimensions"), "'review.dimensions' must be at most 4096 (the covariance is dimensions x dimensions)");
        }

        return new ReviewSpec(field, Math.Min(components, dimensions), dimensions, top, seed, node.Location, YamlCanonical.Of(node));
    }

    public static FeedbackSpec? Feedback(YamlMapping node, DiagnosticBag diagnostics)
    {
        var reader = new MappingReader(node, "'feedback'", diagnostics);
        var file = reader.String("file", required: true);
        var by = reader.String("by", required: true);
        reader.Finish();
        return file is null || by is null ? null : new FeedbackSpec(file, by, node.Location, reader.LocationOf("file"));
    }
}
