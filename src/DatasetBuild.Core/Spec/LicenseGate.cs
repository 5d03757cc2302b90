using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Governance;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Spec;

/// <summary>
/// The licence policy as a build gate: every source's SPDX expression must parse, name known licences, permit
/// <c>task.intended_use</c>, and the source's <c>provenance.permissions</c> must include <c>train</c>; otherwise
/// DSB3004 at that source's <c>license:</c> value (at the offending identifier when there is one).
/// </summary>
public static class LicenseGate
{
    public static void Run(DatasetSpec spec, DiagnosticBag diagnostics)
    {
        foreach (var source in spec.Sources)
        {
            var decision = Judge(source, spec.Task?.IntendedUse);
            if (decision.IsOk)
            {
                continue;
            }

            var at = source.LicenseLocation;
            if (decision.Offset >= 0 && at.Line > 0)
            {
                at = at with { Column = at.Column + decision.Offset + (source.LicenseQuoted ? 1 : 0) };
            }

            diagnostics.Error(DiagnosticCodes.LicenseForbidden, at, $"source '{source.Name}': {decision.Message}");
        }
    }

    /// <summary>The policy's decision for one source (also used for the card's and report's licence duties).</summary>
    public static LicenseDecision Judge(SourceSpec source, string? intendedUse) =>
        LicensePolicy.Evaluate(source.License, intendedUse, source.Provenance?.Permissions ?? []);
}
