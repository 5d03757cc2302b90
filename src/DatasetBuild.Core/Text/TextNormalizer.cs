using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace DatasetBuild.Core.Text;

/// <summary>
/// The spec's <c>normalize: true</c> rule: Unicode NFKC, invariant lower case, every run of characters
/// that are not letters or digits replaced by one space, trimmed. Combining marks count as part of the
/// letter they modify, so scripts written with them (Devanagari, Thai, decomposed accents) keep their words.
/// Culture-independent by construction.
/// </summary>
/// <remarks>
/// ASCII characters are stable under NFKC (they are starters that never compose with what precedes them), so
/// NFKC of a text is NFKC of its pieces cut before each ASCII character. Runs of plain ASCII are therefore
/// handled inline, and only an ASCII character followed by non-ASCII characters (which may compose with it) goes
/// through the Unicode normaliser, as one small piece.
/// </remarks>
public static class TextNormalizer
{
    public static string Normalize(string text)
    {
        var output = new Output(System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(16, text.Length)), pooled: true);
        try
        {
            Normalize(text, ref output);
            return output.ToString();
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>
    /// Normalises <paramref name="text"/> into <paramref name="buffer"/> (the caller's, replaced by a larger one when
    /// it is too small) and returns the normalised text's length: no string is made.
    /// </summary>
    public static int Normalize(string text, ref char[] buffer)
    {
        var output = new Output(buffer, pooled: false);
        Normalize(text, ref output);
        buffer = output.Chars;
        return output.Length;
    }

    // Optimised from the first call (as is AppendAscii): a build normalises a million texts, and would otherwise
    // spend its first seconds in unoptimised code until tiered compilation caught up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Normalize(string text, ref Output output)
    {
        var i = 0;
        while (i < text.Length)
        {
            // Plain ASCII up to the character before the next non-ASCII one (that character may compose with it).
            var nonAscii = text.AsSpan(i).IndexOfAnyExceptInRange('\0', '\u007F');
            var plainEnd = nonAscii < 0 ? text.Length : i + nonAscii - 1;
            if (plainEnd > i)
            {
                output.AppendAscii(text.AsSpan(i, plainEnd - i));
                i = plainEnd;
            }

            if (nonAscii < 0)
            {
                break;
            }

            // A piece: the ASCII starter (none at the very start of the text) and the non-ASCII characters after it.
            var end = i + 1;
            while (end < text.Length && text[end] >= 0x80)
            {
                end++;
            }

            AppendNormalized(text.AsSpan(i, end - i), ref output);
            i = end;
        }
    }

    private static void AppendNormalized(ReadOnlySpan<char> piece, ref Output output)
    {
        char[]? rented = null;
        var nfkc = piece;
        if (!IsStableLatin(piece) && !piece.IsNormalized(NormalizationForm.FormKC))
        {
            var length = piece.GetNormalizedLength(NormalizationForm.FormKC);
            rented = ArrayPool<char>.Shared.Rent(length);
            piece.TryNormalize(rented, out var written, NormalizationForm.FormKC);
            nfkc = rented.AsSpan(0, written);
        }

        Span<char> chars = stackalloc char[2];
        foreach (var rune in nfkc.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || IsMark(rune))
            {
                if (rune.IsBmp)
                {
                    output.Append(ToLowerInvariant((char)rune.Value));
                    continue;
                }

                output.Append(chars[..Rune.ToLowerInvariant(rune).EncodeToUtf16(chars)]);
            }
            else
            {
                output.Separator();
            }
        }

        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// True when every character of the piece is ASCII, a Latin letter of U+00C0–U+017F that NFKC keeps (all but
    /// Ĳ ĳ Ŀ ŀ ŉ ſ), or a common quote or dash: characters that NFKC leaves alone and that compose with nothing
    /// (no combining mark among them), so the piece is already NFKC and the Unicode normaliser need not be asked.
    /// </summary>
    private static bool IsStableLatin(ReadOnlySpan<char> piece)
    {
        foreach (var c in piece)
        {
            var stable = c < 0x80
                || (c is >= '\u00C0' and <= '\u017F' && c is not ('\u0132' or '\u0133' or '\u013F' or '\u0140' or '\u0149' or '\u017F'))
                || c is '\u2013' or '\u2014' or '\u2018' or '\u2019' or '\u201C' or '\u201D';
            if (!stable)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>For each ASCII character: its lower case when it is a letter or digit, else 0 (a separator).</summary>
    private static readonly char[] AsciiMap = Enumerable.Range(0, 128)
        .Select(c => char.IsAsciiLetterOrDigit((char)c) ? char.ToLowerInvariant((char)c) : '\0')
        .ToArray();

    /// <summary>
    /// Invariant lower case of a BMP character, remembered per character: <see cref="Rune.ToLowerInvariant"/> asks
    /// ICU on every call. Constant data (a function of the character alone), filled as characters are met; a
    /// racing fill writes the same value.
    /// </summary>
    private static char ToLowerInvariant(char c)
    {
        var lower = LowerCase[c];
        if (lower == '\0')
        {
            var rune = Rune.ToLowerInvariant(new Rune(c));
            lower = rune.IsBmp ? (char)rune.Value : c;
            LowerCase[c] = lower;
        }

        return lower;
    }

    private static readonly char[] LowerCase = new char[char.MaxValue + 1];

    private static bool IsMark(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;

    /// <summary>The normalised text being built: one space for a run of separators, none at either end.</summary>
    private struct Output(char[] chars, bool pooled) : IDisposable
    {
        private char[] _chars = chars;
        private int _length;
        private bool _pendingSpace;

        public readonly char[] Chars => _chars;

        public readonly int Length => _length;

        public void Separator() => _pendingSpace = true;

        /// <summary>Appends ASCII text: letters lower-cased, digits kept, anything else a separator.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void AppendAscii(ReadOnlySpan<char> ascii)
        {
            while (_length + ascii.Length + 1 > _chars.Length)
            {
                Grow();
            }

            var chars = _chars;
            var length = _length;
            var pendingSpace = _pendingSpace;
            foreach (var c in ascii)
            {
                var mapped = AsciiMap[c];
                if (mapped == 0)
                {
                    pendingSpace = true;
                    continue;
                }

                if (pendingSpace && length > 0)
                {
                    chars[length++] = ' ';
                }

                pendingSpace = false;
                chars[length++] = mapped;
            }

            _length = length;
            _pendingSpace = pendingSpace;
        }

        public void Append(char c)
        {
            if (_length + 2 > _chars.Length)
            {
                Grow();
            }

            if (_pendingSpace && _length > 0)
            {
                _chars[_length++] = ' ';
            }

            _pendingSpace = false;
            _chars[_length++] = c;
        }

        public void Append(ReadOnlySpan<char> chars)
        {
            if (chars.Length == 1)
            {
                Append(chars[0]);
                return;
            }

            Append(chars[0]);
            Append(chars[1]);
        }

        public override readonly string ToString() => new(_chars, 0, _length);

        public readonly void Dispose()
        {
            if (pooled)
            {
                ArrayPool<char>.Shared.Return(_chars);
            }
        }

        private void Grow()
        {
            var bigger = pooled ? ArrayPool<char>.Shared.Rent(Math.Max(16, _chars.Length * 2)) : new char[Math.Max(16, _chars.Length * 2)];
            _chars.AsSpan(0, _length).CopyTo(bigger);
            if (pooled)
            {
                ArrayPool<char>.Shared.Return(_chars);
            }

            _chars = bigger;
        }
    }
}
