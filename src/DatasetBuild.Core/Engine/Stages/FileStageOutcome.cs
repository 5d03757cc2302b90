using DatasetBuild.Core.Operators;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>One file's result of a per-file stage: its cache entry and the counts of each operator.</summary>
public sealed record FileStageOutcome(CacheEntry Entry, IReadOnlyList<(string Name, OperatorStats Stats)> Stats);
