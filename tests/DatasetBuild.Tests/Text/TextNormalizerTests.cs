using System.Globalization;
using System.Text;
using CsCheck;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Tests.Text;

/// <summary>
/// TextNormalizer handles ASCII inline and normalises only the pieces around non-ASCII characters; it must give
/// exactly what the rule's plain statement gives: NFKC of the whole text, then lower case, separators, trim.
/// </summary>
[TestClass]
public sealed class TextNormalizerTests
{
    // ASCII, accents precomposed and combining, ligatures and compatibility forms NFKC rewrites, Hangul jamo that
    // compose, Devanagari and Thai marks, a character outside the BMP, and separators of several kinds.
    private static readonly string[] Pieces =
        [.. "aAzZ09 .,!-_\t\ne\u0301\u0308\u0327éÉßİıﬁﬃ㎏①２ＡⅣ\u1100\u1161\u11A8한\u0915\u093F\u0928\u094Dก\u0E31\u00A0\u2003“”‘’–—…ÀÿĀĲĳĿŀŉſžǅ".Select(c => c.ToString()), "😀", "𝐀"];

    [TestMethod]
    public void MatchesNfkcOfTheWholeTextThenTheRule()
    {
        Gen.Int[0, Pieces.Length - 1].Array[0, 60].Select(picks => string.Concat(picks.Select(p => Pieces[p]))).Sample(text =>
        {
            Assert.AreEqual(Reference(text), TextNormalizer.Normalize(text), $"for \"{text}\"");
            var buffer = new char[3];
            var length = TextNormalizer.Normalize(text, ref buffer);
            Assert.AreEqual(Reference(text), new string(buffer, 0, length), $"into a buffer, for \"{text}\"");
        }, iter: 20_000);
    }

    [TestMethod]
    public void AnAsciiLetterComposesWithTheMarksAfterIt()
    {
        Assert.AreEqual("café naïve", TextNormalizer.Normalize("CAFE\u0301 NAI\u0308VE"));
        Assert.AreEqual("fi office 1 kg", TextNormalizer.Normalize("ﬁ oﬃce ① ㎏"));
    }

    /// <summary>The rule as DESIGN.md states it, applied to the whole text at once.</summary>
    private static string Reference(string text)
    {
        var nfkc = text.Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder();
        var pendingSpace = false;
        foreach (var rune in nfkc.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
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
