namespace DatasetBuild.Core.Operators;

/// <summary>
/// An operator's decision on one record. <see cref="Reason"/> is the category counted in the manifest
/// ("fewer than 3 words in 'text'"); <see cref="Detail"/> adds what was measured for the lineage row.
/// </summary>
public readonly record struct OperatorResult(bool Keep, string? Reason, string? Detail)
{
    public static readonly OperatorResult Kept = new(true, null, null);

    public static OperatorResult Drop(string reason, string? detail = null) => new(false, reason, detail);

    /// <summary>The lineage reason: the category plus the measured detail.</summary>
    public string? LineageReason => Detail is null ? Reason : $"{Reason} ({Detail})";
}
