namespace DatasetBuild.Core.Diff;

/// <summary>What a spec change does to the data: the model behind `dsb diff` (its json format).</summary>
public sealed class DiffReport
{
    public string Name { get; set; } = "";

    public string Base { get; set; } = "";

    public string Head { get; set; } = "";

    public string BaseVersion { get; set; } = "";

    public string HeadVersion { get; set; } = "";

    public List<string> SpecChanges { get; set; } = [];

    public List<StageDiff> Stages { get; set; } = [];

    public List<DropDiff> Drops { get; set; } = [];

    public CountDiff Records { get; set; } = new();

    public List<LabelDiff> Labels { get; set; } = [];

    public List<CoverageDiff> Coverage { get; set; } = [];

    public List<string> SourcesAdded { get; set; } = [];

    public List<string> SourcesRemoved { get; set; } = [];

    public List<string> LicenceChanges { get; set; } = [];

    public string BaseContentHash { get; set; } = "";

    public string HeadContentHash { get; set; } = "";

    public long Added { get; set; }

    public long Removed { get; set; }

    public long Changed { get; set; }

    /// <summary>none, patch, minor or major (Croissant's rule).</summary>
    public string ImpliedBump { get; set; } = "none";

    /// <summary>The bump the spec's version made from base to head.</summary>
    public string VersionBump { get; set; } = "none";

    public bool VersionMatches { get; set; }

    /// <summary>Where the removed and changed records went in the head build: stage → count.</summary>
    public SortedDictionary<string, long> RemovedBy { get; set; } = new(StringComparer.Ordinal);

    public List<SampleRecord> AddedSamples { get; set; } = [];

    public List<SampleRecord> RemovedSamples { get; set; } = [];
}

public sealed record StageDiff(string Name, string Kind, long? BaseIn, long? BaseOut, long? HeadIn, long? HeadOut);

public sealed record DropDiff(string Stage, string Reason, long Base, long Head);

public sealed class CountDiff
{
    public long BaseIn { get; set; }

    public long BaseKept { get; set; }

    public long HeadIn { get; set; }

    public long HeadKept { get; set; }
}

public sealed record LabelDiff(string Label, long Base, long Head);

public sealed record SampleRecord(string Source, string Id, string? Text);

/// <summary>One coverage target value before and after; null where the target did not exist.</summary>
public sealed record CoverageDiff(string Name, string? Value, long? BaseCount, bool? BaseMet, long? HeadCount, bool? HeadMet)
{
    public string Change => (BaseMet, HeadMet) switch
    {
        (false, true) => "newly met",
        (true, false) => "newly unmet",
        (null, _) => "new target",
        (_, null) => "target removed",
        _ => HeadMet == true ? "met" : "unmet",
    };
}
