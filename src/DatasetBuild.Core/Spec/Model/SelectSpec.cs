using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Spec.Model;

/// <summary><c>select:</c> deterministic, seeded selection. Today: <c>cap</c>, downsampling of dominant groups.</summary>
public sealed record SelectSpec(long Seed, string CapBy, int CapMax, SourceLocation Location, string Canonical);
