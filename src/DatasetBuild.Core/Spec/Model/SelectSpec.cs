using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Spec.Model;

/// <summary><c>select:</c> deterministic, seeded selection after dedup and conflicts.</summary>
public sealed record SelectSpec(long Seed, SourceLocation Location, string Canonical)
{
    /// <summary><c>cap</c>: downsampling of dominant groups.</summary>
    public CapSpec? Cap { get; init; }

    /// <summary><c>long_tail</c>: thin groups topped up from a reserve source.</summary>
    public LongTailSpec? LongTail { get; init; }

    /// <summary><c>diversity</c>: the most redundant records dropped (spectral review's neighbourhoods).</summary>
    public DiversitySpec? Diversity { get; init; }
}

/// <summary><c>select.cap: { by, max }</c>.</summary>
public sealed record CapSpec(string By, int Max);

/// <summary><c>select.long_tail: { by, min, from }</c>: <c>from</c> names the reserve source.</summary>
public sealed record LongTailSpec(string By, int Min, string From, SourceLocation Location, SourceLocation FromLocation);

/// <summary><c>select.diversity: { field, keep }</c>: keep this share of the records, dropping the most redundant.</summary>
public sealed record DiversitySpec(string Field, double Keep, SourceLocation Location);
