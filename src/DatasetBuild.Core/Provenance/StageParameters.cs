using System.Text.Json;
using DatasetBuild.Core.Engine.Stages;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Provenance;

/// <summary>
/// Each configurable stage's parameters for the manifest, by stage name: the operator's canonical spec
/// (a JSON object with the keys as written, sorted, values as strings). Built-in stages (ingest, render,
/// id-check) have none.
/// </summary>
public static class StageParameters
{
    public static Dictionary<string, string> Of(DatasetSpec spec)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var filter in spec.Filters)
        {
            parameters[filter.DisplayName] = filter.Canonical;
            if (filter is CaptionFilterSpec { MaxReuse: not null } caption)
            {
                parameters[caption.DisplayName + ".reuse"] = caption.Canonical;
            }
        }

        if (spec.Labels is { } labels)
        {
            var separator = labels.Canonical.IndexOf("|labels=", StringComparison.Ordinal);
            parameters["labels"] = separator < 0 ? labels.Canonical : labels.Canonical[..separator];
            if (labels.Conflicts is { } resolution)
            {
                parameters[ConflictPass.Stage] = JsonSerializer.Serialize(new Dictionary<string, string> { ["resolution"] = resolution }, Engine.EngineJson.Plain);
            }
        }

        if (spec.Dedup?.Exact is { } exact)
        {
            parameters[exact.DisplayName] = exact.Canonical;
        }

        if (spec.Dedup?.Near is { } near)
        {
            parameters[near.DisplayName] = near.Canonical;
        }

        if (spec.Select is { } select)
        {
            parameters["select"] = select.Canonical;
            parameters["select.diversity"] = select.Canonical;
        }

        if (spec.Review is { } review)
        {
            parameters["review"] = review.Canonical;
        }

        return parameters;
    }
}
