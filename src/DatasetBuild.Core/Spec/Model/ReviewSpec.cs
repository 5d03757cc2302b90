using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Spec.Model;

/// <summary><c>review:</c> spectral review of the kept records' text: outliers listed for humans.</summary>
public sealed record ReviewSpec(string Field, int Components, int Dimensions, int Top, long Seed, SourceLocation Location, string Canonical);

/// <summary><c>feedback: { file, by }</c>: a model's per-record or per-slice errors, reported per slice beside coverage.</summary>
public sealed record FeedbackSpec(string File, string By, SourceLocation Location, SourceLocation FileLocation);
