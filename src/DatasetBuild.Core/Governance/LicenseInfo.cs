namespace DatasetBuild.Core.Governance;

/// <summary>
/// The use categories of the Data Provenance Initiative's licence audit (Longpre et al., 2023,
/// "The Data Provenance Initiative: A Large Scale Audit of Dataset Licensing &amp; Attribution in AI"):
/// what a licence allows the data to be used for.
/// </summary>
public enum LicenseCategory
{
    /// <summary>Any use, commercial included.</summary>
    Commercial,

    /// <summary>Non-commercial use only (research, and non-commercial use inside an organisation).</summary>
    NonCommercial,

    /// <summary>Academic research only.</summary>
    AcademicOnly,

    /// <summary>No licence asserted: nothing may be assumed.</summary>
    Unspecified,
}

/// <summary>The <c>task.intended_use</c> values the licence policy understands.</summary>
public static class IntendedUses
{
    public const string Commercial = "commercial";

    public const string Research = "research";

    /// <summary>Non-commercial use inside one organisation.</summary>
    public const string Internal = "internal";

    public static readonly IReadOnlyList<string> All = [Commercial, Research, Internal];

    /// <summary>
    /// What each category permits. <c>internal</c> is permitted by every licence that permits commercial
    /// or non-commercial use, and not by academic-only ones (an organisation is not an academic).
    /// </summary>
    public static IReadOnlyList<string> PermittedBy(LicenseCategory category) => category switch
    {
        LicenseCategory.Commercial => [Commercial, Research, Internal],
        LicenseCategory.NonCommercial => [Research, Internal],
        LicenseCategory.AcademicOnly => [Research],
        _ => [],
    };
}

/// <summary>One row of the licence table: an SPDX id, its name, its category and the duties it imposes.</summary>
/// <param name="Id">The SPDX id, canonical spelling.</param>
/// <param name="Name">The SPDX full name.</param>
/// <param name="Category">What the licence permits (Data Provenance Initiative categories).</param>
/// <param name="Attribution">Whether users must credit the source (keep notices, name the licensor).</param>
/// <param name="ShareAlike">Whether derived data must be shared under the same (or a compatible) licence.</param>
/// <param name="NoDerivatives">Whether adapted material may not be shared (CC ND): a curated, filtered or
/// redacted copy is adapted material.</param>
public sealed record LicenseInfo(
    string Id,
    string Name,
    LicenseCategory Category,
    bool Attribution,
    bool ShareAlike,
    bool NoDerivatives = false)
{
    /// <summary>The intended uses this licence permits (see <see cref="IntendedUses.PermittedBy"/>).</summary>
    public IReadOnlyList<string> PermittedUses => IntendedUses.PermittedBy(Category);

    /// <summary>The canonical SPDX page of this licence.</summary>
    public string Url => $"https://spdx.org/licenses/{Id}.html";

    public bool Permits(string intendedUse) => PermittedUses.Contains(intendedUse, StringComparer.Ordinal);
}
