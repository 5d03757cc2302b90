using System.Collections.Frozen;

namespace DatasetBuild.Core.Governance;

/// <summary>
/// The licences DatasetBuild classifies, shipped with the tool. Ids and names are the SPDX License List's;
/// categories follow the Data Provenance Initiative's audit (commercial / non-commercial / academic-only /
/// unspecified), with attribution and share-alike duties read from each licence's text. Lookups ignore
/// case, as SPDX ids do. A licence that is not here is an error, never a guess: declare it as
/// <c>LicenseRef-…</c> and list what it allows in <c>provenance.permissions</c>.
/// </summary>
public sealed class LicenseTable
{
    private const LicenseCategory C = LicenseCategory.Commercial;
    private const LicenseCategory NC = LicenseCategory.NonCommercial;

    private static readonly Dictionary<string, string> Jurisdictions = new(StringComparer.Ordinal)
    {
        ["AT"] = "Austria",
        ["AU"] = "Australia",
        ["DE"] = "Germany",
        ["FR"] = "France",
        ["IGO"] = "IGO",
        ["JP"] = "Japan",
        ["NL"] = "Netherlands",
        ["UK"] = "England and Wales",
        ["US"] = "United States",
    };

    /// <summary>The two ported Creative Commons licences whose SPDX names keep the hyphenated style.</summary>
    private static readonly Dictionary<string, string> NameOverrides = new(StringComparer.Ordinal)
    {
        ["CC-BY-NC-SA-2.0-FR"] = "Creative Commons Attribution-NonCommercial-ShareAlike 2.0 France",
        ["CC-BY-SA-3.0-IGO"] = "Creative Commons Attribution-ShareAlike 3.0 IGO",
    };

    private readonly FrozenDictionary<string, LicenseInfo> _licenses;
    private readonly FrozenDictionary<string, string> _exceptions;

    public LicenseTable(IEnumerable<LicenseInfo> licenses, IEnumerable<string> exceptions)
    {
        Licenses = [.. licenses];
        Exceptions = [.. exceptions];
        _licenses = Licenses.ToFrozenDictionary(l => l.Id, StringComparer.OrdinalIgnoreCase);
        _exceptions = Exceptions.ToFrozenDictionary(e => e, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The table shipped with the tool.</summary>
    public static LicenseTable Default { get; } = new(DefaultLicenses(), DefaultExceptions());

    /// <summary>Every licence, in table order (families together).</summary>
    public IReadOnlyList<LicenseInfo> Licenses { get; }

    /// <summary>The SPDX licence exceptions accepted after <c>WITH</c> (they never change a licence's category).</summary>
    public IReadOnlyList<string> Exceptions { get; }

    /// <summary>
    /// The licence a term names: <c>ID+</c> first when written with a plus and the table has it
    /// (<c>GPL-2.0+</c>), else <c>ID</c> (a later version keeps the category of the one named).
    /// </summary>
    public LicenseInfo? Find(string id, bool orLater = false)
    {
        if (orLater && _licenses.TryGetValue(id + "+", out var later))
        {
            return later;
        }

        return _licenses.GetValueOrDefault(id);
    }

    /// <summary>The canonical spelling of a known exception, or null.</summary>
    public string? FindException(string id) => _exceptions.GetValueOrDefault(id);

    private static IEnumerable<LicenseInfo> DefaultLicenses() =>
    [
        // Public domain dedications.
        new("CC0-1.0", "Creative Commons Zero v1.0 Universal", C, Attribution: false, ShareAlike: false),
        new("CC-PDDC", "Creative Commons Public Domain Dedication and Certification", C, Attribution: false, ShareAlike: false),
        new("PDDL-1.0", "Open Data Commons Public Domain Dedication & License 1.0", C, Attribution: false, ShareAlike: false),
        new("Unlicense", "The Unlicense", C, Attribution: false, ShareAlike: false),
        new("0BSD", "BSD Zero Clause License", C, Attribution: false, ShareAlike: false),

        // Creative Commons Attribution.
        .. CreativeCommons("CC-BY", "Attribution", C, shareAlike: false, noDerivatives: false,
            ["1.0", "2.0", "2.5", "2.5-AU", "3.0", "3.0-AT", "3.0-DE", "3.0-IGO", "3.0-NL", "3.0-US", "4.0"]),
        .. CreativeCommons("CC-BY-SA", "Attribution Share Alike", C, shareAlike: true, noDerivatives: false,
            ["1.0", "2.0", "2.0-UK", "2.1-JP", "2.5", "3.0", "3.0-AT", "3.0-DE", "3.0-IGO", "4.0"]),
        .. CreativeCommons("CC-BY-ND", "Attribution No Derivatives", C, shareAlike: false, noDerivatives: true,
            ["1.0", "2.0", "2.5", "3.0", "3.0-DE", "4.0"]),
        .. CreativeCommons("CC-BY-NC", "Attribution Non Commercial", NC, shareAlike: false, noDerivatives: false,
            ["1.0", "2.0", "2.5", "3.0", "3.0-DE", "4.0"]),
        .. CreativeCommons("CC-BY-NC-SA", "Attribution Non Commercial Share Alike", NC, shareAlike: true, noDerivatives: false,
            ["1.0", "2.0", "2.0-DE", "2.0-FR", "2.0-UK", "2.5", "3.0", "3.0-DE", "3.0-IGO", "4.0"]),
        .. CreativeCommons("CC-BY-NC-ND", "Attribution Non Commercial No Derivatives", NC, shareAlike: false, noDerivatives: true,
            ["1.0", "2.0", "2.5", "3.0", "3.0-DE", "3.0-IGO", "4.0"]),

        // Data licences.
        new("ODC-By-1.0", "Open Data Commons Attribution License v1.0", C, Attribution: true, ShareAlike: false),
        new("ODbL-1.0", "Open Data Commons Open Database License v1.0", C, Attribution: true, ShareAlike: true),
        new("CDLA-Permissive-1.0", "Community Data License Agreement Permissive 1.0", C, Attribution: true, ShareAlike: false),
        new("CDLA-Permissive-2.0", "Community Data License Agreement Permissive 2.0", C, Attribution: true, ShareAlike: false),
        new("CDLA-Sharing-1.0", "Community Data License Agreement Sharing 1.0", C, Attribution: true, ShareAlike: true),
        new("C-UDA-1.0", "Computational Use of Data Agreement v1.0", C, Attribution: true, ShareAlike: false),
        new("OGL-UK-3.0", "Open Government Licence v3.0", C, Attribution: true, ShareAlike: false),
        new("Etalab-2.0", "Etalab Open License 2.0", C, Attribution: true, ShareAlike: false),
        new("NCGL-UK-2.0", "Non-Commercial Government Licence", NC, Attribution: true, ShareAlike: false),

        // Permissive software licences (notice-keeping counts as attribution).
        new("MIT", "MIT License", C, Attribution: true, ShareAlike: false),
        new("Apache-2.0", "Apache License 2.0", C, Attribution: true, ShareAlike: false),
        new("BSD-2-Clause", "BSD 2-Clause \"Simplified\" License", C, Attribution: true, ShareAlike: false),
        new("BSD-3-Clause", "BSD 3-Clause \"New\" or \"Revised\" License", C, Attribution: true, ShareAlike: false),
        new("ISC", "ISC License", C, Attribution: true, ShareAlike: false),
        new("BSL-1.0", "Boost Software License 1.0", C, Attribution: true, ShareAlike: false),
        new("Zlib", "zlib License", C, Attribution: true, ShareAlike: false),

        // Copyleft software licences: commercial use allowed, derived works shared alike.
        new("MPL-2.0", "Mozilla Public License 2.0", C, Attribution: true, ShareAlike: true),
        .. Gnu("GPL-2.0", "GNU General Public License v2.0"),
        .. Gnu("GPL-3.0", "GNU General Public License v3.0"),
        .. Gnu("LGPL-2.0", "GNU Library General Public License v2"),
        .. Gnu("LGPL-2.1", "GNU Lesser General Public License v2.1"),
        .. Gnu("LGPL-3.0", "GNU Lesser General Public License v3.0"),
        new("AGPL-3.0-only", "GNU Affero General Public License v3.0 only", C, Attribution: true, ShareAlike: true),
        new("AGPL-3.0-or-later", "GNU Affero General Public License v3.0 or later", C, Attribution: true, ShareAlike: true),
        new("AGPL-3.0", "GNU Affero General Public License v3.0", C, Attribution: true, ShareAlike: true),

        // SPDX's special values: no licence asserted.
        new("NOASSERTION", "No licence asserted", LicenseCategory.Unspecified, Attribution: false, ShareAlike: false),
        new("NONE", "No licence", LicenseCategory.Unspecified, Attribution: false, ShareAlike: false),
    ];

    private static IEnumerable<LicenseInfo> CreativeCommons(
        string prefix, string terms, LicenseCategory category, bool shareAlike, bool noDerivatives, string[] versions)
    {
        foreach (var version in versions)
        {
            var dash = version.IndexOf('-', StringComparison.Ordinal);
            var number = dash < 0 ? version : version[..dash];
            var jurisdiction = dash < 0
                ? number switch { "4.0" => "International", "3.0" => "Unported", _ => "Generic" }
                : Jurisdictions[version[(dash + 1)..]];
            var id = $"{prefix}-{version}";
            yield return new LicenseInfo(
                id,
                NameOverrides.GetValueOrDefault(id) ?? $"Creative Commons {terms} {number} {jurisdiction}",
                category,
                Attribution: true,
                ShareAlike: shareAlike,
                NoDerivatives: noDerivatives);
        }
    }

    /// <summary>A GNU licence's current ids (<c>-only</c>, <c>-or-later</c>) and its deprecated ones (bare, <c>+</c>).</summary>
    private static IEnumerable<LicenseInfo> Gnu(string id, string name) =>
    [
        new($"{id}-only", $"{name} only", C, Attribution: true, ShareAlike: true),
        new($"{id}-or-later", $"{name} or later", C, Attribution: true, ShareAlike: true),
        new(id, $"{name} only", C, Attribution: true, ShareAlike: true),
        new($"{id}+", $"{name} or later", C, Attribution: true, ShareAlike: true),
    ];

    private static IEnumerable<string> DefaultExceptions() =>
    [
        "389-exception",
        "Autoconf-exception-2.0",
        "Autoconf-exception-3.0",
        "Bison-exception-2.2",
        "Bootloader-exception",
        "Classpath-exception-2.0",
        "CLISP-exception-2.0",
        "DigiRule-FOSS-exception",
        "eCos-exception-2.0",
        "Fawkes-Runtime-exception",
        "FLTK-exception",
        "Font-exception-2.0",
        "freertos-exception-2.0",
        "GCC-exception-2.0",
        "GCC-exception-3.1",
        "gnu-javamail-exception",
        "GPL-3.0-linking-exception",
        "GPL-3.0-linking-source-exception",
        "GPL-CC-1.0",
        "i2p-gpl-java-exception",
        "Libtool-exception",
        "Linux-syscall-note",
        "LLVM-exception",
        "LZMA-exception",
        "mif-exception",
        "OCaml-LGPL-linking-exception",
        "OCCT-exception-1.0",
        "OpenJDK-assembly-exception-1.0",
        "openvpn-openssl-exception",
        "PS-or-PDF-font-exception-20170817",
        "Qt-GPL-exception-1.0",
        "Qt-LGPL-exception-1.1",
        "Qwt-exception-1.0",
        "Swift-exception",
        "u-boot-exception-2.0",
        "Universal-FOSS-exception-1.0",
        "WxWindows-exception-3.1",
    ];
}
