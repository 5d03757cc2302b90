using System.Globalization;
using System.Text;

namespace DatasetBuild.Core.Text;

/// <summary>
/// The spec's <c>normalize: true</c> rule: Unicode NFKC, invariant lower case, every run of characters
/// that are not letters or digits replaced by one space, trimmed. Culture-independent by construction.
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
            if (Rune.IsLetterOrDigit(rune))
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
}
