using DatasetBuild.Core.Engine;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Provenance;

/// <summary>Assembles manifest.json from the spec, the pipeline state and the emit pass's figures.</summary>
public static class ManifestBuilder
{
    public static Manifest Build(
        DatasetSpec spec,
        PipelineState state,
        List<ManifestOutput> outputs,
        string contentHash,
        SortedDictionary<string, long> labelCounts,
        long totalIn,
        long kept)
    {
        var stages = state.Stages.ToList();
        var parameters = StageParameters.Of(spec);
        foreach (var stage in stages)
        {
            stage.Parameters = parameters.TryGetValue(stage.Name, out var canonical) ? System.Text.Json.Nodes.JsonNode.Parse(canonical) : null;
        }

        if (spec.Labels is not null)
        {
            foreach (var label in spec.Labels.KnownLabels)
            {
                labelCounts.TryAdd(label, 0);
            }
        }

        return new Manifest
        {
            Name = spec.Name,
            Version = spec.Version,
            Description = spec.Description,
            SpecSha256 = state.SpecSha256,
            ToolVersion = EngineVersion.Tool,
            ContentHash = contentHash,
            Sources = spec.Sources.Select((source, index) => new ManifestSource
            {
                Name = source.Name,
                License = source.License,
                Provenance = source.Provenance is { } p
                    ? new ManifestProvenance { Origin = p.Origin, Collected = p.Collected, Method = p.Method, Consent = p.Consent, Permissions = [.. p.Permissions] }
                    : null,
                Files = state.Files
                    .Where(f => f.SourceIndex == index)
                    .OrderBy(f => f.Path, StringComparer.Ordinal)
                    .Select(f => new ManifestFile { Path = f.Path, Sha256 = f.Sha256, Records = f.Records })
                    .ToList(),
            }).ToList(),
            Stages = stages,
            Outputs = outputs,
            Labels = spec.Labels is { } labels ? new ManifestLabels { Field = labels.Field, Counts = labelCounts } : null,
            Records = new ManifestRecords { TotalIn = totalIn, Kept = kept, Dropped = totalIn - kept },
            Conflicts = state.Conflicts,
            NearDedup = state.NearDedup,
            LongTail = state.LongTail,
            Review = state.Review,
            AssetDedup = state.AssetDedup,
        };
    }
}
