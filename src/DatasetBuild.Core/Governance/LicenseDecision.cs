namespace DatasetBuild.Core.Governance;

public enum LicenseVerdict
{
    /// <summary>The source may be used as intended.</summary>
    Ok,

    /// <summary>The licence or the permissions forbid the intended use (a curation gate, DSB3xxx).</summary>
    Violation,

    /// <summary>The expression cannot be judged: a syntax error or an unknown id (a spec error, DSB1xxx).</summary>
    Invalid,
}

/// <summary>The licence policy's answer for one source, and the duties of the licence branch it chose.</summary>
public sealed class LicenseDecision
{
    internal LicenseDecision(LicenseVerdict verdict, string? reason, string? message, int offset, int length)
    {
        Verdict = verdict;
        Reason = reason;
        Message = message;
        Offset = offset;
        Length = length;
    }

    public LicenseVerdict Verdict { get; }

    public bool IsOk => Verdict == LicenseVerdict.Ok;

    /// <summary>A short, stable statement of the problem (e.g. <c>licence 'CC-BY-NC-4.0' does not permit commercial use</c>); null when ok.</summary>
    public string? Reason { get; }

    /// <summary>The full diagnostic message: the reason, what was found and what to do. Null when ok.</summary>
    public string? Message { get; }

    /// <summary>0-based offset in the expression of the part at fault (an id, a syntax error); -1 when it is the source as a whole.</summary>
    public int Offset { get; }

    /// <summary>Characters at fault from <see cref="Offset"/> (0 when unknown).</summary>
    public int Length { get; }

    /// <summary>The chosen alternative in canonical form (<c>MIT AND CC-BY-4.0</c>); null unless ok.</summary>
    public string? Branch { get; internal init; }

    /// <summary>The licences of the chosen alternative, canonical ids (<c>LicenseRef-…</c> as written).</summary>
    public IReadOnlyList<string> Licenses { get; internal init; } = [];

    /// <summary>The intended uses every licence of the chosen alternative permits.</summary>
    public IReadOnlyList<string> PermittedUses { get; internal init; } = [];

    /// <summary>Some licence of the chosen alternative requires crediting the source.</summary>
    public bool Attribution { get; internal init; }

    /// <summary>Some licence of the chosen alternative requires sharing derived data alike.</summary>
    public bool ShareAlike { get; internal init; }

    /// <summary>Some licence of the chosen alternative forbids sharing adapted material (CC ND).</summary>
    public bool NoDerivatives { get; internal init; }
}
