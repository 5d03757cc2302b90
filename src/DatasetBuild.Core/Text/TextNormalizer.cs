using System.Globalization;
using System.Text;

namespace DatasetBuild.Core.Text;

/// <summary>
/// The spec's <c>normalize: true</c> rule: Unicode NFKC, invariant lower case, every run of characters
/// that are not letters or digits replaced by one space, trimmed. Combining marks count as part of the
/// letter they modify, so scripts written with them (Devanagari, Thai, decomposed accents) keep their words.
/// Culture-independent by construction.
/// </summary>
public static class TextNormalizer
{
    public static string Normalize(string text)
    {
        var nfkc = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(nfkc.Length);
        var pendingSpace = false;
        foreach (var rune in nfkc.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || IsMark(rune))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                builder.Append(Rune.ToLowerInvariant(rune).ToString());
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }

    private static bool IsMark(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
}
