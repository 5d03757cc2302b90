using System.Text;

namespace DatasetBuild.Core.Governance;

/// <summary>
/// A parsed SPDX licence expression (SPDX specification, annex D): licence ids, <c>LicenseRef-…</c>,
/// <c>WITH</c> exceptions, <c>AND</c>, <c>OR</c> and parentheses. Offsets are 0-based character
/// positions in the parsed text.
/// </summary>
public abstract class SpdxExpression
{
    private protected SpdxExpression(int offset, int length)
    {
        Offset = offset;
        Length = length;
    }

    /// <summary>0-based position of this node's first character in the parsed text.</summary>
    public int Offset { get; }

    /// <summary>Number of characters this node spans in the parsed text.</summary>
    public int Length { get; }

    /// <summary>Parses <paramref name="text"/>; a failure carries a message and the offending offset.</summary>
    public static SpdxParseResult Parse(string text) => SpdxParser.Parse(text);

    /// <summary>Every licence term, left to right.</summary>
    public IEnumerable<SpdxLicenseTerm> Terms()
    {
        var stack = new Stack<SpdxExpression>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            switch (stack.Pop())
            {
                case SpdxLicenseTerm term:
                    yield return term;
                    break;
                case SpdxCompound compound:
                    for (var i = compound.Operands.Count - 1; i >= 0; i--)
                    {
                        stack.Push(compound.Operands[i]);
                    }

                    break;
            }
        }
    }

    /// <summary>The expression in canonical form: upper-case operators, parentheses only where needed.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Write(builder, parentPrecedence: 0);
        return builder.ToString();
    }

    internal abstract void Write(StringBuilder builder, int parentPrecedence);
}

/// <summary>A single licence: an SPDX id (optionally <c>+</c>, "or later") or a <c>LicenseRef-…</c>, with an optional exception.</summary>
public sealed class SpdxLicenseTerm : SpdxExpression
{
    internal SpdxLicenseTerm(string id, bool orLater, string? exception, int exceptionOffset, int offset, int length)
        : base(offset, length)
    {
        Id = id;
        OrLater = orLater;
        Exception = exception;
        ExceptionOffset = exceptionOffset;
    }

    /// <summary>The id as written, without a trailing <c>+</c> (e.g. <c>GPL-2.0</c>, <c>LicenseRef-internal</c>, <c>DocumentRef-a:LicenseRef-b</c>).</summary>
    public string Id { get; }

    /// <summary>Whether the id was written with a trailing <c>+</c> ("this version or any later one").</summary>
    public bool OrLater { get; }

    /// <summary>The exception after <c>WITH</c>, as written, or null.</summary>
    public string? Exception { get; }

    /// <summary>0-based offset of the exception id, or -1 without one.</summary>
    public int ExceptionOffset { get; }

    /// <summary>A user-defined licence (<c>LicenseRef-…</c> or <c>DocumentRef-…:LicenseRef-…</c>).</summary>
    public bool IsLicenseRef =>
        Id.StartsWith("LicenseRef-", StringComparison.OrdinalIgnoreCase) ||
        Id.StartsWith("DocumentRef-", StringComparison.OrdinalIgnoreCase);

    internal override void Write(StringBuilder builder, int parentPrecedence)
    {
        builder.Append(Id);
        if (OrLater)
        {
            builder.Append('+');
        }

        if (Exception is not null)
        {
            builder.Append(" WITH ").Append(Exception);
        }
    }
}

public enum SpdxOperator
{
    Or,
    And,
}

/// <summary><c>a AND b AND …</c> or <c>a OR b OR …</c> (flattened: operands are never the same operator).</summary>
public sealed class SpdxCompound : SpdxExpression
{
    internal SpdxCompound(SpdxOperator op, IReadOnlyList<SpdxExpression> operands, int offset, int length)
        : base(offset, length)
    {
        Operator = op;
        Operands = operands;
    }

    public SpdxOperator Operator { get; }

    public IReadOnlyList<SpdxExpression> Operands { get; }

    internal override void Write(StringBuilder builder, int parentPrecedence)
    {
        // OR binds loosest (1), AND tighter (2): an OR inside an AND needs parentheses.
        var precedence = Operator == SpdxOperator.Or ? 1 : 2;
        var parenthesize = precedence < parentPrecedence;
        if (parenthesize)
        {
            builder.Append('(');
        }

        for (var i = 0; i < Operands.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(Operator == SpdxOperator.Or ? " OR " : " AND ");
            }

            Operands[i].Write(builder, precedence + 1);
        }

        if (parenthesize)
        {
            builder.Append(')');
        }
    }
}

/// <summary>The outcome of <see cref="SpdxExpression.Parse"/>: an expression, or a message and an offset.</summary>
public sealed class SpdxParseResult
{
    private SpdxParseResult(SpdxExpression? expression, string? error, int errorOffset)
    {
        Expression = expression;
        Error = error;
        ErrorOffset = errorOffset;
    }

    public SpdxExpression? Expression { get; }

    /// <summary>What is wrong, e.g. <c>expected a licence id after 'AND'</c>; null on success.</summary>
    public string? Error { get; }

    /// <summary>0-based offset in the text where the error was found; -1 on success.</summary>
    public int ErrorOffset { get; }

    public bool Success => Expression is not null;

    internal static SpdxParseResult Ok(SpdxExpression expression) => new(expression, null, -1);

    internal static SpdxParseResult Fail(string error, int offset) => new(null, error, offset);
}
