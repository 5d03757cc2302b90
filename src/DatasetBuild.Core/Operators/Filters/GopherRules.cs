using System.Globalization;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary>
/// The Gopher quality rules (Rae et al., 2021, "Scaling Language Models", appendix A): document length,
/// mean word length, symbol ratio, bullet and ellipsis lines, alphabetic words, stop words, and repetition
/// (duplicate lines and paragraphs, top n-gram and duplicate n-gram character fractions). Each threshold is
/// a key of the <c>quality</c> filter; the drop reason names the rule.
/// </summary>
public static class GopherRules
{
    public static readonly IReadOnlyDictionary<string, double> Defaults = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["min_words"] = 50,
        ["max_words"] = 100_000,
        ["min_mean_word_length"] = 3,
        ["max_mean_word_length"] = 10,
        ["max_symbol_word_ratio"] = 0.1,
        ["max_bullet_lines"] = 0.9,
        ["max_ellipsis_lines"] = 0.3,
        ["min_alpha_words"] = 0.8,
        ["min_stop_words"] = 2,
        ["max_duplicate_lines"] = 0.3,
        ["max_duplicate_paragraphs"] = 0.3,
        ["max_duplicate_line_chars"] = 0.2,
        ["max_duplicate_paragraph_chars"] = 0.2,
        ["max_top_2gram"] = 0.2,
        ["max_top_3gram"] = 0.18,
        ["max_top_4gram"] = 0.16,
        ["max_duplicate_5gram"] = 0.15,
        ["max_duplicate_6gram"] = 0.14,
        ["max_duplicate_7gram"] = 0.13,
        ["max_duplicate_8gram"] = 0.12,
        ["max_duplicate_9gram"] = 0.11,
        ["max_duplicate_10gram"] = 0.10,
    };

    private static readonly HashSet<string> StopWords = ["the", "be", "to", "of", "and", "that", "have", "with"];

    /// <summary>The first rule the text fails, with what was measured; null when it passes them all.</summary>
    public static (string Rule, string Detail)? Check(string text, IReadOnlyDictionary<string, double> t)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < t["min_words"])
        {
            return ("min_words", $"{words.Length} words");
        }

        if (words.Length > t["max_words"])
        {
            return ("max_words", $"{words.Length} words");
        }

        var mean = words.Average(w => w.Length);
        if (mean < t["min_mean_word_length"] || mean > t["max_mean_word_length"])
        {
            return (mean < t["min_mean_word_length"] ? "min_mean_word_length" : "max_mean_word_length", $"mean word length {F(mean)}");
        }

        var symbols = words.Count(w => w.Contains('#')) + words.Count(w => w.Contains("...", StringComparison.Ordinal) || w.Contains('…'));
        if ((double)symbols / words.Length > t["max_symbol_word_ratio"])
        {
            return ("max_symbol_word_ratio", $"{F((double)symbols / words.Length)}");
        }

        var lines = text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (lines.Length > 0)
        {
            var bullets = lines.Count(l => l[0] is '•' or '*' or '-' or '–' or '‣' or '◦' or '·');
            if ((double)bullets / lines.Length > t["max_bullet_lines"])
            {
                return ("max_bullet_lines", F((double)bullets / lines.Length));
            }

            var ellipsis = lines.Count(l => l.EndsWith("...", StringComparison.Ordinal) || l.EndsWith('…'));
            if ((double)ellipsis / lines.Length > t["max_ellipsis_lines"])
            {
                return ("max_ellipsis_lines", F((double)ellipsis / lines.Length));
            }
        }

        var alpha = (double)words.Count(w => w.Any(char.IsLetter)) / words.Length;
        if (alpha < t["min_alpha_words"])
        {
            return ("min_alpha_words", F(alpha));
        }

        var lower = words.Select(w => w.ToLowerInvariant().Trim('.', ',', ';', ':', '!', '?', '"', '\'', '(', ')')).ToArray();
        var stops = lower.Count(StopWords.Contains);
        if (stops < t["min_stop_words"])
        {
            return ("min_stop_words", $"{stops} stop words");
        }

        if (Duplicates(lines, t["max_duplicate_lines"], t["max_duplicate_line_chars"]) is { } lineRule)
        {
            return (lineRule.Fraction ? "max_duplicate_lines" : "max_duplicate_line_chars", lineRule.Detail);
        }

        var paragraphs = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(p => p.Trim()).Where(p => p.Length > 0).ToArray();
        if (Duplicates(paragraphs, t["max_duplicate_paragraphs"], t["max_duplicate_paragraph_chars"]) is { } paragraphRule)
        {
            return (paragraphRule.Fraction ? "max_duplicate_paragraphs" : "max_duplicate_paragraph_chars", paragraphRule.Detail);
        }

        var totalChars = (double)lower.Sum(w => w.Length);
        for (var n = 2; n <= 4; n++)
        {
            var top = TopNGramChars(lower, n) / totalChars;
            if (top > t[$"max_top_{n}gram"])
            {
                return ($"max_top_{n}gram", F(top));
            }
        }

        for (var n = 5; n <= 10; n++)
        {
            var duplicated = DuplicateNGramChars(lower, n) / totalChars;
            if (duplicated > t[$"max_duplicate_{n}gram"])
            {
                return ($"max_duplicate_{n}gram", F(duplicated));
            }
        }

        return null;
    }

    private static (bool Fraction, string Detail)? Duplicates(string[] items, double maxFraction, double maxChars)
    {
        if (items.Length == 0)
        {
            return null;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        int duplicates = 0, duplicateChars = 0, chars = 0;
        foreach (var item in items)
        {
            chars += item.Length;
            if (!seen.Add(item))
            {
                duplicates++;
                duplicateChars += item.Length;
            }
        }

        if ((double)duplicates / items.Length > maxFraction)
        {
            return (true, F((double)duplicates / items.Length));
        }

        return (double)duplicateChars / chars > maxChars ? (false, F((double)duplicateChars / chars)) : null;
    }

    private static double TopNGramChars(string[] words, int n)
    {
        if (words.Length < n)
        {
            return 0;
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= words.Length; i++)
        {
            var gram = string.Join(' ', words, i, n);
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }

        var (topGram, topCount) = counts.MaxBy(c => c.Value);
        return topCount < 2 ? 0 : (double)topCount * (topGram.Length - (n - 1));
    }

    private static double DuplicateNGramChars(string[] words, int n)
    {
        if (words.Length < n)
        {
            return 0;
        }

        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        var covered = new bool[words.Length];
        for (var i = 0; i + n <= words.Length; i++)
        {
            var gram = string.Join(' ', words, i, n);
            if (first.TryGetValue(gram, out var at))
            {
                for (var k = 0; k < n; k++)
                {
                    covered[i + k] = true;
                    covered[at + k] = true;
                }
            }
            else
            {
                first[gram] = i;
            }
        }

        return words.Where((_, i) => covered[i]).Sum(w => w.Length);
    }

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
