using DatasetBuild.Core.Engine;
using DatasetBuild.Core.Engine.Stages;
using DatasetBuild.Core.Provenance;

namespace DatasetBuild.Core.Governance;

/// <summary>
/// What report.html shows. <see cref="FromManifest"/> fills everything manifest.json has; the engine adds
/// the extras only it can compute (text length histogram, conflict group texts, outliers, intended use).
/// </summary>
public sealed class ReportModel
{
    public string Name { get; set; } = "";

    public string Version { get; set; } = "";

    public string? Description { get; set; }

    public string ContentHash { get; set; } = "";

    public string? ToolVersion { get; set; }

    public string? SpecSha256 { get; set; }

    public long RecordsIn { get; set; }

    public long RecordsKept { get; set; }

    public long RecordsDropped { get; set; }

    /// <summary>The stage funnel, in pipeline order.</summary>
    public List<StageReport> Stages { get; set; } = [];

    /// <summary>The label field, when the spec has labels.</summary>
    public string? LabelField { get; set; }

    /// <summary>Kept records per label.</summary>
    public Dictionary<string, long> LabelCounts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Every coverage target's result; those <c>by</c> the label field annotate the label chart.</summary>
    public List<ManifestCoverage> Coverage { get; set; } = [];

    public List<ReportSource> Sources { get; set; } = [];

    /// <summary><c>task.intended_use</c>: with it the source table shows the licence policy's verdict for that use.</summary>
    public string? IntendedUse { get; set; }

    /// <summary>Extra: kept records by text length; "not computed" when null.</summary>
    public ReportHistogram? LengthHistogram { get; set; }

    /// <summary>Rendered fine-tuning examples by token count (manifest <c>tokens</c>, all splits together).</summary>
    public ReportHistogram? TokenHistogram { get; set; }

    /// <summary>Manifest <c>conflicts</c>, when labels.conflicts is set.</summary>
    public ConflictSummary? Conflicts { get; set; }

    /// <summary>Extra: duplicate groups whose labels disagree, with a text sample; the worst are listed.</summary>
    public List<ReportConflictGroup> ConflictGroups { get; set; } = [];

    /// <summary>How many conflict groups to list.</summary>
    public int MaxConflictGroups { get; set; } = 10;

    /// <summary>Extra: spectral outliers, highest score first; "not computed" when empty.</summary>
    public List<ReportOutlier> Outliers { get; set; } = [];

    /// <summary>Kept records per split (<c>all</c> without splits).</summary>
    public List<ReportSplit> Splits { get; set; } = [];

    /// <summary>Normalised texts in more than one split, when the spec has splits.</summary>
    public long? DuplicateTextsAcrossSplits { get; set; }

    /// <summary>group_by values in more than one split, when the spec has splits.</summary>
    public long? GroupsAcrossSplits { get; set; }

    public List<ManifestOutput> Outputs { get; set; } = [];

    /// <summary>Everything manifest.json records; the extras stay empty for the caller to set.</summary>
    public static ReportModel FromManifest(Manifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var model = new ReportModel
        {
            Name = manifest.Name,
            Version = manifest.Version,
            Description = manifest.Description,
            ContentHash = manifest.ContentHash,
            ToolVersion = manifest.ToolVersion,
            SpecSha256 = manifest.SpecSha256,
            RecordsIn = manifest.Records.TotalIn,
            RecordsKept = manifest.Records.Kept,
            RecordsDropped = manifest.Records.Dropped,
            Stages = [.. manifest.Stages],
            LabelField = manifest.Labels?.Field,
            LabelCounts = manifest.Labels is { } labels ? new Dictionary<string, long>(labels.Counts, StringComparer.Ordinal) : new(StringComparer.Ordinal),
            Coverage = [.. manifest.Coverage ?? []],
            Sources = [.. manifest.Sources.Select(s => new ReportSource
            {
                Name = s.Name,
                License = s.License,
                Records = s.Files.Sum(f => f.Records),
                Files = s.Files.Count,
                Permissions = [.. s.Provenance?.Permissions ?? []],
            })],
            Conflicts = manifest.Conflicts,
            Outputs = [.. manifest.Outputs],
        };

        if (manifest.Splits is { } splits)
        {
            model.Splits = [.. splits.Counts.Select(p => new ReportSplit { Name = p.Key, Records = p.Value })];
            model.DuplicateTextsAcrossSplits = splits.Leakage.DuplicateTextsAcrossSplits;
            model.GroupsAcrossSplits = splits.Leakage.GroupsAcrossSplits;
        }
        else
        {
            model.Splits = [new ReportSplit { Name = "all", Records = manifest.Records.Kept }];
        }

        if (manifest.Tokens is { } tokens)
        {
            var buckets = new SortedDictionary<long, long>();
            foreach (var bucket in tokens.Splits.Values.SelectMany(s => s.Histogram))
            {
                var key = bucket.UpTo ?? long.MaxValue;
                buckets[key] = buckets.GetValueOrDefault(key) + bucket.Examples;
            }

            model.TokenHistogram = new ReportHistogram
            {
                Title = $"Tokens per {tokens.Format} example ({tokens.Tokenizer})",
                Unit = "tokens",
                Buckets = [.. buckets.Select(b => new ReportBucket { UpTo = b.Key == long.MaxValue ? null : b.Key, Count = b.Value })],
            };
        }

        return model;
    }
}

public sealed class ReportSource
{
    public string Name { get; set; } = "";

    public string License { get; set; } = "";

    /// <summary>Records read from the source's files.</summary>
    public long Records { get; set; }

    public int Files { get; set; }

    /// <summary><c>provenance.permissions</c>, for the licence verdict.</summary>
    public List<string> Permissions { get; set; } = [];
}

public sealed class ReportHistogram
{
    public string Title { get; set; } = "";

    /// <summary>What the buckets measure, the x axis label (<c>characters</c>, <c>tokens</c>).</summary>
    public string Unit { get; set; } = "";

    /// <summary>Ascending upper bounds; the last may be open (<see cref="ReportBucket.UpTo"/> null).</summary>
    public List<ReportBucket> Buckets { get; set; } = [];
}

public sealed class ReportBucket
{
    /// <summary>Inclusive upper bound; null for the open last bucket.</summary>
    public long? UpTo { get; set; }

    public long Count { get; set; }
}

public sealed class ReportConflictGroup
{
    /// <summary>The group's key (its normalised text, or a hash of it).</summary>
    public string Key { get; set; } = "";

    /// <summary>One record's text, as a sample.</summary>
    public string Text { get; set; } = "";

    /// <summary>Label → records of the group with it.</summary>
    public Dictionary<string, long> Labels { get; set; } = new(StringComparer.Ordinal);
}

public sealed class ReportOutlier
{
    public string RecordId { get; set; } = "";

    public double Score { get; set; }

    public string Text { get; set; } = "";
}

public sealed class ReportSplit
{
    public string Name { get; set; } = "";

    public long Records { get; set; }
}

