namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>What the n-grams of <c>dedup.near</c> are made of (spec key <c>unit</c>).</summary>
public enum ShingleUnit
{
    /// <summary>n consecutive whitespace-separated words.</summary>
    Word,

    /// <summary>n consecutive characters (Unicode scalar values), spaces included.</summary>
    Char,
}
