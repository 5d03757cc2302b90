using System.Text;

namespace DatasetBuild.Core.Text;

/// <summary>Word and character counts as the <c>length</c> filter defines them.</summary>
public static class TextMeasures
{
    /// <summary>Runs of non-white-space characters.</summary>
    public static int CountWords(string text)
    {
        var words = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
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

    /// <summary>Unicode scalar values (an emoji or a CJK character counts once).</summary>
    public static int CountChars(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
