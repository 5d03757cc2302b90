using DatasetBuild.Core.Engine;

namespace DatasetBuild.Core.Provenance;

/// <summary>manifest.json, the output contract other tools and CI read. Fields are only ever added.</summary>
public sealed class Manifest
{
    public string Name { get; set; } = "";

    public string Version { get; set; } = "";

    public string? Description { get; set; }

    public string SpecSha256 { get; set; } = "";

    public string ToolVersion { get; set; } = "";

    public string ContentHash { get; set; } = "";

    public List<ManifestSource> Sources { get; set; } = [];

    public List<StageReport> Stages { get; set; } = [];

    public List<ManifestOutput> Outputs { get; set; } = [];

    public ManifestLabels? Labels { get; set; }

    public ManifestRecords Records { get; set; } = new();

    /// <summary>The blocklists applied (takedowns): file, field, hash and number of entries.</summary>
    public List<ManifestBlocklist>? Blocklists { get; set; }

    /// <summary>Groups of duplicates whose labels disagree, when labels.conflicts is set.</summary>
    public Engine.Stages.ConflictSummary? Conflicts { get; set; }

    /// <summary>A model's error rate per slice beside the kept records, when the spec has <c>feedback</c>.</summary>
    public Engine.Stages.ManifestFeedback? Feedback { get; set; }

    /// <summary>Groups below select.long_tail's minimum: what they had, what the reserve gave, whether it sufficed.</summary>
    public List<Engine.Stages.LongTailGroup>? LongTail { get; set; }

    /// <summary>The spectral review (outliers for humans), when review or select.diversity is set.</summary>
    public Engine.Stages.ReviewSummary? Review { get; set; }

    /// <summary>What dedup.near used and found, when it is set.</summary>
    public Engine.Stages.NearDedupSummary? NearDedup { get; set; }

    /// <summary>What dedup.assets used and found, when it is set.</summary>
    public Engine.Stages.AssetDedupSummary? AssetDedup { get; set; }

    /// <summary>Per asset field: the files the input records name and what ingest found, when a source declares assets.</summary>
    public SortedDictionary<string, ManifestAssetField>? Assets { get; set; }

    /// <summary>Every coverage target's result (one entry per value of a <c>by</c> target).</summary>
    public List<ManifestCoverage>? Coverage { get; set; }

    /// <summary>The split assignment and its leakage check, when the spec has <c>splits</c>.</summary>
    public ManifestSplits? Splits { get; set; }

    /// <summary>Token totals per split, when task.tokenizer and a fine-tuning output are set.</summary>
    public ManifestTokens? Tokens { get; set; }

    /// <summary>How the emit stage wrote the outputs: its jobs, and how many were reused from the cache.</summary>
    public ManifestEmit? Emit { get; set; }
}

/// <summary>The manifest's <c>emit</c>: the runs of files the outputs are assembled from, and how many were cache hits.</summary>
public sealed class ManifestEmit
{
    public long Jobs { get; set; }

    public long Reused { get; set; }

    /// <summary>The jobs whose bytes every output file read from the file the last build published (<c>PublishedFiles</c>), not from the cache.</summary>
    public long FromPublished { get; set; }
}

public sealed class ManifestTokens
{
    public string Tokenizer { get; set; } = "";

    /// <summary>The fine-tuning output whose rendered examples were counted.</summary>
    public string Format { get; set; } = "";

    public Dictionary<string, ManifestTokenSplit> Splits { get; set; } = [];
}

public sealed class ManifestTokenSplit
{
    public long Examples { get; set; }

    public long Total { get; set; }

    public int Min { get; set; }

    public int Max { get; set; }

    public double Mean { get; set; }

    public List<ManifestTokenBucket> Histogram { get; set; } = [];
}

public sealed class ManifestTokenBucket
{
    /// <summary>Inclusive upper bound; null for the last, open bucket.</summary>
    public int? UpTo { get; set; }

    public long Examples { get; set; }
}

public sealed class ManifestSource
{
    public string Name { get; set; } = "";

    public string License { get; set; } = "";

    public ManifestProvenance? Provenance { get; set; }

    public List<ManifestFile> Files { get; set; } = [];
}

public sealed class ManifestProvenance
{
    public string? Origin { get; set; }

    public string? Collected { get; set; }

    public string? Method { get; set; }

    public string? Consent { get; set; }

    public List<string> Permissions { get; set; } = [];
}

public sealed class ManifestFile
{
    public string Path { get; set; } = "";

    public string Sha256 { get; set; } = "";

    public long Records { get; set; }
}

public sealed class ManifestOutput
{
    public string Path { get; set; } = "";

    public string Split { get; set; } = "";

    public string Format { get; set; } = "";

    public long Records { get; set; }

    public string Sha256 { get; set; } = "";
}

public sealed class ManifestLabels
{
    public string Field { get; set; } = "";

    public SortedDictionary<string, long> Counts { get; set; } = new(StringComparer.Ordinal);
}

public sealed class ManifestRecords
{
    public long TotalIn { get; set; }

    public long Kept { get; set; }

    public long Dropped { get; set; }
}

public sealed class ManifestSplits
{
    public long Seed { get; set; }

    public string? GroupBy { get; set; }

    public string? StratifyBy { get; set; }

    public Dictionary<string, double> Ratios { get; set; } = [];

    public Dictionary<string, long> Counts { get; set; } = [];

    /// <summary>Stratum value → split → records, when stratify_by is set.</summary>
    public Dictionary<string, Dictionary<string, long>>? Strata { get; set; }

    public ManifestLeakage Leakage { get; set; } = new();
}

public sealed class ManifestLeakage
{
    /// <summary>Normalised texts that occur in more than one split (exact duplicates across splits).</summary>
    public long DuplicateTextsAcrossSplits { get; set; }

    /// <summary>
    /// Kept records in different splits that dedup.near found to be near duplicates: 0 by construction, since
    /// each cluster keeps one record; null when dedup.near is not set (not checked).
    /// </summary>
    public long? NearDuplicatePairsAcrossSplits { get; set; }

    /// <summary>group_by values in more than one split: 0 by construction.</summary>
    public long GroupsAcrossSplits { get; set; }
}

public sealed class ManifestCoverage
{
    public string Name { get; set; } = "";

    public string? By { get; set; }

    public string? Where { get; set; }

    public string? Value { get; set; }

    public long? MinCount { get; set; }

    public double? MaxShare { get; set; }

    public long ActualCount { get; set; }

    public double ActualShare { get; set; }

    public bool Met { get; set; }

    /// <summary>The value's error rate from <c>feedback</c>, when the target has <c>max_error</c>.</summary>
    public double? ErrorRate { get; set; }
}

public sealed class ManifestBlocklist
{
    public string File { get; set; } = "";

    public string Field { get; set; } = "";

    public string Sha256 { get; set; } = "";

    public long Entries { get; set; }
}

/// <summary>One asset field over every input record: how many name a file, how many distinct files, their formats and problems.</summary>
public sealed class ManifestAssetField
{
    /// <summary>Input records whose source declares the field as an asset.</summary>
    public long Records { get; set; }

    /// <summary>Distinct readable files (by sha256) and their total size.</summary>
    public long Files { get; set; }

    public long Bytes { get; set; }

    /// <summary>Distinct files per format (png, jpeg, wav, …; "unknown" when not recognised).</summary>
    public SortedDictionary<string, long> Formats { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Records whose file is absent, a folder, unreadable, or whose field is empty.</summary>
    public long Missing { get; set; }

    /// <summary>Records whose file's header or content did not decode (as far as the build decoded it).</summary>
    public long Undecodable { get; set; }
}
