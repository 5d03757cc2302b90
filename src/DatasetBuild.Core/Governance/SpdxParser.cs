namespace DatasetBuild.Core.Governance;

/// <summary>
/// Recursive-descent parser for SPDX licence expressions. Precedence, loosest first: OR, AND, WITH;
/// parentheses group. Operators are matched case-insensitively (the spec recommends upper case).
/// </summary>
internal sealed class SpdxParser
{
    private const int MaxDepth = 64;

    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _position;
    private int _depth;

    private SpdxParser(string text, List<Token> tokens)
    {
        _text = text;
        _tokens = tokens;
    }

    private enum TokenKind
    {
        Open,
        Close,
        And,
        Or,
        With,
        Word,
    }

    public static SpdxParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>();
        if (Tokenize(text, tokens) is { } tokenError)
        {
            return tokenError;
        }

        if (tokens.Count == 0)
        {
            return SpdxParseResult.Fail("empty licence expression", 0);
        }

        var parser = new SpdxParser(text, tokens);
        try
        {
            var expression = parser.ParseOr();
            if (parser._position < tokens.Count)
            {
                var extra = tokens[parser._position];
                return extra.Kind == TokenKind.Close
                    ? SpdxParseResult.Fail("unexpected ')' with no matching '('", extra.Offset)
                    : SpdxParseResult.Fail($"expected 'AND', 'OR' or 'WITH' before '{extra.Text}'", extra.Offset);
            }

            return SpdxParseResult.Ok(expression);
        }
        catch (SyntaxException e)
        {
            return SpdxParseResult.Fail(e.Message, e.Offset);
        }
    }

    private static SpdxParseResult? Tokenize(string text, List<Token> tokens)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c is '(' or ')')
            {
                tokens.Add(new Token(c == '(' ? TokenKind.Open : TokenKind.Close, c.ToString(), i));
                i++;
            }
            else if (IsWordChar(c))
            {
                var start = i;
                while (i < text.Length && IsWordChar(text[i]))
                {
                    i++;
                }

                var word = text[start..i];
                var kind = word.ToUpperInvariant() switch
                {
                    "AND" => TokenKind.And,
                    "OR" => TokenKind.Or,
                    "WITH" => TokenKind.With,
                    _ => TokenKind.Word,
                };
                tokens.Add(new Token(kind, word, start));
            }
            else
            {
                return SpdxParseResult.Fail(
                    $"unexpected character '{Printable(c)}' in licence expression; ids use letters, digits, '.', '-' and a final '+'", i);
            }
        }

        return null;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '+' or ':';

    private static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '-';

    private static string Printable(char c) => char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString();

    private SpdxExpression ParseOr()
    {
        var first = ParseAnd();
        if (!At(TokenKind.Or))
        {
            return first;
        }

        var operands = new List<SpdxExpression> { first };
        while (At(TokenKind.Or))
        {
            var op = _tokens[_position++];
            operands.Add(ParseAnd(op));
        }

        return Compound(SpdxOperator.Or, operands);
    }

    private SpdxExpression ParseAnd(Token? after = null)
    {
        var first = ParsePrimary(after);
        if (!At(TokenKind.And))
        {
            return first;
        }

        var operands = new List<SpdxExpression> { first };
        while (At(TokenKind.And))
        {
            var op = _tokens[_position++];
            operands.Add(ParsePrimary(op));
        }

        return Compound(SpdxOperator.And, operands);
    }

    private SpdxExpression ParsePrimary(Token? after)
    {
        if (_position >= _tokens.Count)
        {
            throw new SyntaxException(
                after is { } op ? $"expected a licence id after '{op.Text}'" : "expected a licence id", _text.Length);
        }

        var token = _tokens[_position];
        switch (token.Kind)
        {
            case TokenKind.Open:
                return ParseParenthesized(token);
            case TokenKind.Word:
                _position++;
                return ParseTerm(token);
            case TokenKind.Close:
                throw new SyntaxException(
                    after is { } before ? $"expected a licence id after '{before.Text}', found ')'" : "expected a licence id, found ')'",
                    token.Offset);
            default:
                throw new SyntaxException(
                    after is { } previous
                        ? $"expected a licence id after '{previous.Text}', found '{token.Text}'"
                        : $"expected a licence id, found '{token.Text}'",
                    token.Offset);
        }
    }

    private SpdxExpression ParseParenthesized(Token open)
    {
        if (++_depth > MaxDepth)
        {
            throw new SyntaxException($"licence expression nested deeper than {MaxDepth} parentheses", open.Offset);
        }

        _position++;
        var inner = ParseOr();
        if (!At(TokenKind.Close))
        {
            var where = _position < _tokens.Count ? _tokens[_position].Offset : _text.Length;
            throw new SyntaxException($"missing ')' to close the '(' at offset {open.Offset}", where);
        }

        _position++;
        _depth--;
        if (At(TokenKind.With))
        {
            throw new SyntaxException("'WITH' must follow a single licence id, not a parenthesised expression", _tokens[_position].Offset);
        }

        return inner;
    }

    private SpdxLicenseTerm ParseTerm(Token word)
    {
        var (id, orLater) = ValidateLicense(word);
        string? exception = null;
        var exceptionOffset = -1;
        var end = word.Offset + word.Text.Length;
        if (At(TokenKind.With))
        {
            var with = _tokens[_position++];
            if (_position >= _tokens.Count || _tokens[_position].Kind != TokenKind.Word)
            {
                var where = _position < _tokens.Count ? _tokens[_position].Offset : _text.Length;
                throw new SyntaxException($"expected an exception id after '{with.Text}'", where);
            }

            var exceptionToken = _tokens[_position++];
            ValidateException(exceptionToken);
            exception = exceptionToken.Text;
            exceptionOffset = exceptionToken.Offset;
            end = exceptionToken.Offset + exceptionToken.Text.Length;
        }

        return new SpdxLicenseTerm(id, orLater, exception, exceptionOffset, word.Offset, end - word.Offset);
    }

    private static (string Id, bool OrLater) ValidateLicense(Token word)
    {
        var text = word.Text;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (text.StartsWith("DocumentRef-", StringComparison.OrdinalIgnoreCase))
        {
            if (colon < 0)
            {
                throw new SyntaxException($"'{text}' must be 'DocumentRef-<id>:LicenseRef-<id>'", word.Offset);
            }

            ValidateIdString(text, "DocumentRef-".Length, colon, word.Offset, text);
            var reference = text[(colon + 1)..];
            if (!reference.StartsWith("LicenseRef-", StringComparison.OrdinalIgnoreCase))
            {
                throw new SyntaxException($"'{text}' must be 'DocumentRef-<id>:LicenseRef-<id>'", word.Offset + colon + 1);
            }

            ValidateIdString(text, colon + 1 + "LicenseRef-".Length, text.Length, word.Offset, text);
            return (text, false);
        }

        if (colon >= 0)
        {
            throw new SyntaxException($"':' is only allowed in 'DocumentRef-<id>:LicenseRef-<id>', not in '{text}'", word.Offset + colon);
        }

        if (text.StartsWith("LicenseRef-", StringComparison.OrdinalIgnoreCase))
        {
            ValidateIdString(text, "LicenseRef-".Length, text.Length, word.Offset, text);
            return (text, false);
        }

        var orLater = text.EndsWith('+');
        var id = orLater ? text[..^1] : text;
        ValidateIdString(id, 0, id.Length, word.Offset, text);
        return (id, orLater);
    }

    private static void ValidateException(Token token)
    {
        var colon = token.Text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            throw new SyntaxException($"':' is not allowed in the exception id '{token.Text}'", token.Offset + colon);
        }

        ValidateIdString(token.Text, 0, token.Text.Length, token.Offset, token.Text);
    }

    /// <summary>SPDX idstring: one or more letters, digits, '.' or '-'.</summary>
    private static void ValidateIdString(string text, int start, int end, int offset, string word)
    {
        if (start >= end)
        {
            throw new SyntaxException($"'{word}' has an empty id", offset + start);
        }

        for (var i = start; i < end; i++)
        {
            if (!IsIdChar(text[i]))
            {
                throw new SyntaxException(
                    text[i] == '+'
                        ? $"'+' may only end a licence id (\"or later\"), not appear in '{word}'"
                        : $"unexpected '{text[i]}' in '{word}'",
                    offset + i);
            }
        }
    }

    private bool At(TokenKind kind) => _position < _tokens.Count && _tokens[_position].Kind == kind;

    private static SpdxCompound Compound(SpdxOperator op, List<SpdxExpression> operands)
    {
        // Flatten a OR (b OR c) into one n-ary node; the shape of the tree carries no meaning.
        var flat = new List<SpdxExpression>();
        foreach (var operand in operands)
        {
            if (operand is SpdxCompound inner && inner.Operator == op)
            {
                flat.AddRange(inner.Operands);
            }
            else
            {
                flat.Add(operand);
            }
        }

        var start = operands[0].Offset;
        var last = operands[^1];
        return new SpdxCompound(op, flat, start, last.Offset + last.Length - start);
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Offset);

    private sealed class SyntaxException(string message, int offset) : Exception(message)
    {
        public int Offset { get; } = offset;
    }
}
