namespace DatasetBuild.Core.Text;

/// <summary>Word and character counts as the <c>length</c> filter defines them.</summary>
/// <remarks>
/// The filter stage counts every record's text: both counts decide the common ASCII case inline, without a call per
/// character into the runtime (precompiled code cannot inline across assemblies).
/// </remarks>
public static class TextMeasures
{
    /// <summary>Runs of non-white-space characters (white space as <see cref="char.IsWhiteSpace(char)"/> defines it).</summary>
    public static int CountWords(string text)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (IsWhiteSpace(c))
            {
                inWord = false;
            }
            else if (!inWord)
            {
                inWord = true;
                words++;
            }
        }

        return words;
    }

    /// <summary>Unicode scalar values (an emoji or a CJK character counts once; so does a lone surrogate, as <see cref="string.EnumerateRunes"/> yields it).</summary>
    public static int CountChars(string text)
    {
        var span = text.AsSpan();
        var first = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return span.Length; // no surrogates: one scalar per char (a vectorised scan)
        }

        var pairs = 0;
        for (var i = first; i < span.Length - 1; i++)
        {
            if (char.IsHighSurrogate(span[i]) && char.IsLowSurrogate(span[i + 1]))
            {
                pairs++;
                i++;
            }
        }

        return span.Length - pairs;
    }

    private static bool IsWhiteSpace(char c) => c == ' ' || (uint)(c - '\t') <= '\r' - '\t' || (c >= '\u0085' && char.IsWhiteSpace(c));
}
