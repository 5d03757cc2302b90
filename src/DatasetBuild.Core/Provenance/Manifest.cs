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
