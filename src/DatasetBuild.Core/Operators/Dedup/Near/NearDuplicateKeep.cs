namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>Which member of a cluster of near duplicates is kept (spec key <c>keep</c>).</summary>
public enum NearDuplicateKeep
{
    /// <summary>The member first in canonical order (lowest record index).</summary>
    First,

    /// <summary>The member with the longest text; a tie goes to the lowest record index.</summary>
    Longest,
}
