using DatasetBuild.Core.Text;

namespace DatasetBuild.Core.Governance;

/// <summary>
/// Decides whether a source may be used as the task intends, from its SPDX licence expression and its
/// <c>provenance.permissions</c>. In order: the expression must parse; every id must be in the licence
/// table (or be a <c>LicenseRef-…</c> backed by explicit permissions) and every <c>WITH</c> exception a
/// known SPDX exception; the permissions must include <c>train</c>; then, when an intended use is given,
/// <c>OR</c> needs one alternative that permits it (the first, left to right, is chosen) and <c>AND</c>
/// needs every part to permit it. <c>WITH</c> keeps the base licence's terms.
/// </summary>
public static class LicensePolicy
{
    /// <summary>The permission every source needs: being used to train a model.</summary>
    public const string TrainPermission = "train";

    private const int MaxAlternatives = 256;

    private const string UnknownHint = "use an SPDX id or LicenseRef-… with provenance.permissions";

    /// <summary>Evaluates against the licence table shipped with the tool.</summary>
    /// <param name="expression">The source's <c>license</c>.</param>
    /// <param name="intendedUse"><c>task.intended_use</c> (<c>commercial</c>, <c>research</c>, <c>internal</c>) or null.</param>
    /// <param name="permissions">The source's <c>provenance.permissions</c> (empty when absent).</param>
    public static LicenseDecision Evaluate(string expression, string? intendedUse, IReadOnlyList<string> permissions) =>
        Evaluate(expression, intendedUse, permissions, LicenseTable.Default);

    public static LicenseDecision Evaluate(string expression, string? intendedUse, IReadOnlyList<string> permissions, LicenseTable table)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(permissions);
        ArgumentNullException.ThrowIfNull(table);
        if (intendedUse is not null && !IntendedUses.All.Contains(intendedUse, StringComparer.Ordinal))
        {
            throw new ArgumentException($"unknown intended use '{intendedUse}'; expected one of {string.Join(", ", IntendedUses.All)}", nameof(intendedUse));
        }

        var parsed = SpdxExpression.Parse(expression);
        if (parsed.Expression is not { } root)
        {
            return Invalid($"invalid licence expression '{expression}': {parsed.Error}", "invalid licence expression", parsed.ErrorOffset, 1);
        }

        var terms = new List<Term>();
        foreach (var term in root.Terms())
        {
            if (Resolve(term, permissions, table, out var resolved) is { } problem)
            {
                return problem;
            }

            terms.Add(resolved);
        }

        if (!permissions.Contains(TrainPermission, StringComparer.OrdinalIgnoreCase))
        {
            var listed = permissions.Count == 0 ? "no provenance.permissions" : $"provenance.permissions: [{string.Join(", ", permissions)}]";
            return new LicenseDecision(
                LicenseVerdict.Violation,
                $"source permissions do not include '{TrainPermission}'",
                $"source permissions do not include '{TrainPermission}' ({listed}); add '{TrainPermission}' to provenance.permissions if the source may be used to train models",
                -1,
                0);
        }

        var byNode = terms.ToDictionary(t => t.Node);
        var alternatives = new List<List<Term>>();
        if (!Expand(root, byNode, alternatives))
        {
            return Invalid(
                $"licence expression '{expression}' has more than {MaxAlternatives} alternatives once expanded; simplify it",
                "licence expression too complex",
                -1,
                0);
        }

        if (intendedUse is null)
        {
            return Ok(alternatives[0]);
        }

        foreach (var alternative in alternatives)
        {
            if (alternative.TrueForAll(t => t.PermittedUses.Contains(intendedUse, StringComparer.Ordinal)))
            {
                return Ok(alternative);
            }
        }

        return Refused(expression, intendedUse, alternatives);
    }

    private static LicenseDecision? Resolve(SpdxLicenseTerm term, IReadOnlyList<string> permissions, LicenseTable table, out Term resolved)
    {
        resolved = default;
        if (term.Exception is { } exception && table.FindException(exception) is null)
        {
            return Invalid(
                $"unknown licence exception '{exception}' after WITH; use an SPDX exception id{EditDistance.Suggestion(exception, table.Exceptions)}",
                $"unknown licence exception '{exception}'",
                term.ExceptionOffset,
                exception.Length);
        }

        var canonicalException = term.Exception is null ? null : table.FindException(term.Exception);
        if (term.IsLicenseRef)
        {
            if (permissions.Count == 0)
            {
                return Invalid(
                    $"'{term.Id}' is not an SPDX licence, so DatasetBuild cannot know what it allows: list the permitted uses in provenance.permissions (e.g. [train, research])",
                    $"'{term.Id}' needs provenance.permissions",
                    term.Offset,
                    term.Id.Length);
            }

            var uses = IntendedUses.All.Where(u => permissions.Contains(u, StringComparer.OrdinalIgnoreCase)).ToList();
            resolved = new Term(term, term.Id, canonicalException, null, uses, Attribution: true, ShareAlike: false, NoDerivatives: false);
            return null;
        }

        if (table.Find(term.Id, term.OrLater) is not { } info)
        {
            var written = term.OrLater ? term.Id + "+" : term.Id;
            var suggestion = EditDistance.ClosestMatch(written, table.Licenses.Select(l => l.Id)) is { } match ? $" (did you mean '{match}'?)" : "";
            return Invalid(
                $"unknown licence identifier '{written}'{suggestion}; {UnknownHint}",
                $"unknown licence identifier '{written}'",
                term.Offset,
                written.Length);
        }

        var id = term.OrLater && !info.Id.EndsWith('+') ? info.Id + "+" : info.Id;
        resolved = new Term(term, id, canonicalException, info, info.PermittedUses, info.Attribution, info.ShareAlike, info.NoDerivatives);
        return null;
    }

    /// <summary>The expression as alternatives (disjunctive normal form), in left-to-right order.</summary>
    private static bool Expand(SpdxExpression node, Dictionary<SpdxLicenseTerm, Term> terms, List<List<Term>> into)
    {
        switch (node)
        {
            case SpdxLicenseTerm term:
                into.Add([terms[term]]);
                return true;
            case SpdxCompound { Operator: SpdxOperator.Or } or:
                foreach (var operand in or.Operands)
                {
                    if (!Expand(operand, terms, into) || into.Count > MaxAlternatives)
                    {
                        return false;
                    }
                }

                return true;
            case SpdxCompound and:
                List<List<Term>> product = [[]];
                foreach (var operand in and.Operands)
                {
                    var options = new List<List<Term>>();
                    if (!Expand(operand, terms, options))
                    {
                        return false;
                    }

                    product = [.. product.SelectMany(prefix => options.Select(option => (List<Term>)[.. prefix, .. option]))];
                    if (product.Count > MaxAlternatives)
                    {
                        return false;
                    }
                }

                into.AddRange(product);
                return into.Count <= MaxAlternatives;
            default:
                return false;
        }
    }

    private static LicenseDecision Ok(List<Term> alternative) =>
        new(LicenseVerdict.Ok, null, null, -1, 0)
        {
            Branch = string.Join(" AND ", alternative.Select(Canonical)),
            Licenses = [.. alternative.Select(t => t.Id).Distinct(StringComparer.Ordinal)],
            PermittedUses = [.. IntendedUses.All.Where(u => alternative.TrueForAll(t => t.PermittedUses.Contains(u, StringComparer.Ordinal)))],
            Attribution = alternative.Exists(t => t.Attribution),
            ShareAlike = alternative.Exists(t => t.ShareAlike),
            NoDerivatives = alternative.Exists(t => t.NoDerivatives),
        };

    private static LicenseDecision Refused(string expression, string intendedUse, List<List<Term>> alternatives)
    {
        var blockers = alternatives
            .Select(a => a.Where(t => !t.PermittedUses.Contains(intendedUse, StringComparer.Ordinal)).ToList())
            .ToList();
        var first = blockers[0][0];
        if (alternatives.Count == 1 && alternatives[0].Count == 1)
        {
            return new LicenseDecision(
                LicenseVerdict.Violation,
                $"licence '{first.Id}' does not permit {intendedUse} use",
                $"licence '{first.Id}' ({Describe(first)}) does not permit {intendedUse} use (task.intended_use: {intendedUse})",
                first.Node.Offset,
                first.Node.Length);
        }

        var why = string.Join("; ", blockers.SelectMany(b => b).DistinctBy(t => t.Id).Select(t => $"'{t.Id}' is {Describe(t)}"));
        var what = alternatives.Count == 1 ? $"'{expression}' does not permit" : $"no alternative of '{expression}' permits";
        var offset = alternatives.Count == 1 ? first.Node.Offset : -1;
        return new LicenseDecision(
            LicenseVerdict.Violation,
            $"licence '{expression}' does not permit {intendedUse} use",
            $"{what} {intendedUse} use (task.intended_use: {intendedUse}): {why}",
            offset,
            offset < 0 ? 0 : first.Node.Length);
    }

    private static string Describe(Term term) => term.Info switch
    {
        null => term.PermittedUses.Count == 0
            ? "a LicenseRef whose provenance.permissions list no intended use"
            : $"a LicenseRef permitted for {string.Join(", ", term.PermittedUses)} by provenance.permissions",
        { Category: LicenseCategory.Commercial } info => $"{info.Name}: commercial",
        { Category: LicenseCategory.NonCommercial } info => $"{info.Name}: non-commercial",
        { Category: LicenseCategory.AcademicOnly } info => $"{info.Name}: academic use only",
        { } info => $"{info.Name}: unspecified, nothing may be assumed",
    };

    private static string Canonical(Term term) =>
        term.Exception is { } exception ? $"{term.Id} WITH {exception}" : term.Id;

    private static LicenseDecision Invalid(string message, string reason, int offset, int length) =>
        new(LicenseVerdict.Invalid, reason, message, offset, length);

    private readonly record struct Term(
        SpdxLicenseTerm Node,
        string Id,
        string? Exception,
        LicenseInfo? Info,
        IReadOnlyList<string> PermittedUses,
        bool Attribution,
        bool ShareAlike,
        bool NoDerivatives);
}
