using System.Text;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Tests.Text;

[TestClass]
public sealed class TextMeasuresTests
{
    [TestMethod]
    public void WhiteSpaceIsWhatCharIsWhiteSpaceSays()
    {
        // Every UTF-16 code unit, alone and between two letters.
        for (var c = 0; c <= char.MaxValue; c++)
        {
            var ch = (char)c;
            var expected = char.IsWhiteSpace(ch) ? 2 : 1;
            Assert.AreEqual(expected, TextMeasures.CountWords("a" + ch + "b"), $"U+{c:X4}");
        }
    }

    [TestMethod]
    public void CharactersAreWhatEnumerateRunesCounts()
    {
        string[] texts = ["", "plain ascii", "émigré", "日本語テキスト", "emoji 😀 and 👍🏽", "lone \uD800 high", "lone \uDC00 low", "\uDC00\uD800 reversed", "end \uD83D", "\uD83D\uDE00\uD83D"];
        foreach (var text in texts)
        {
            Assert.AreEqual(text.EnumerateRunes().Count(), TextMeasures.CountChars(text), text);
        }
    }

    [TestMethod]
    public void WordsAreRunsOfNonWhiteSpace()
    {
        Assert.AreEqual(0, TextMeasures.CountWords(""));
        Assert.AreEqual(0, TextMeasures.CountWords(" \t\r\n\u00A0\u3000 "));
        Assert.AreEqual(3, TextMeasures.CountWords("  one\ttwo\u2003three  "));
        Assert.AreEqual(1, TextMeasures.CountWords(new StringBuilder().Append('x', 10_000).ToString()));
    }
}
