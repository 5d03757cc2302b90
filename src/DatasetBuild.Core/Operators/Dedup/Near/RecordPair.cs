namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>Two records by canonical index, <see cref="Earlier"/> &lt; <see cref="Later"/>.</summary>
public readonly record struct RecordPair(int Earlier, int Later);
