using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary>
/// The C4 cleaning rules (Raffel et al., 2020, "Exploring the Limits of Transfer Learning", section 2.2).
/// Line rules remove lines from the text: lines that do not end in terminal punctuation, lines with fewer
/// than <c>min_words_per_line</c> words, lines mentioning JavaScript, cookie/privacy-policy boilerplate and
/// lines holding a word longer than <c>max_word_length</c>; citation markers such as <c>[1]</c> or
/// <c>[citation needed]</c> are cut out. Page rules drop the whole record: "lorem ipsum", a curly bracket,
/// or fewer than <c>min_sentences</c> sentences in what is left. Each key is overridable; a flag set to
/// <c>false</c> turns its rule off. The bad-words list of the paper is not shipped: use a <c>blocklist</c>
/// or <c>regex</c> filter with the team's own list.
/// </summary>
public static class C4Rules
{
    /// <summary>Numeric thresholds and on/off flags (1 = on), each a key of the <c>quality</c> filter.</summary>
    public static readonly IReadOnlyDictionary<string, double> Defaults = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["min_sentences"] = 5,
        ["min_words_per_line"] = 3,
        ["max_word_length"] = 1000,
        ["terminal_punctuation"] = 1,
        ["javascript_lines"] = 1,
        ["policy_lines"] = 1,
        ["citations"] = 1,
        ["lorem_ipsum"] = 1,
        ["curly_bracket"] = 1,
    };

    /// <summary>The keys that are on/off switches rather than numbers.</summary>
    public static readonly IReadOnlySet<string> Flags = new HashSet<string>(StringComparer.Ordinal)
    {
        "terminal_punctuation", "javascript_lines", "policy_lines", "citations", "lorem_ipsum", "curly_bracket",
    };

    private static readonly string[] PolicyPhrases =
        ["terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"];

    private static readonly Regex Citation = new(
        @"\s*\[(\d+|citation needed|edit)\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    private static readonly Regex SentenceEnd = new(
        @"[.!?][""'”’)\]]*(?=\s|$)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    /// <summary>The outcome: the rule that dropped the page, or the cleaned text and how many lines it lost.</summary>
    public readonly record struct Outcome(string? Rule, string? Detail, string Text, int RemovedLines);

    public static Outcome Apply(string text, IReadOnlyDictionary<string, double> t)
    {
        if (On(t, "lorem_ipsum") && text.Contains("lorem ipsum", StringComparison.OrdinalIgnoreCase))
        {
            return new Outcome("lorem_ipsum", "contains 'lorem ipsum'", text, 0);
        }

        if (On(t, "curly_bracket") && text.Contains('{', StringComparison.Ordinal))
        {
            return new Outcome("curly_bracket", "contains '{'", text, 0);
        }

        var kept = new StringBuilder(text.Length);
        var removed = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (On(t, "citations"))
            {
                line = Citation.Replace(line, "");
            }

            if (!KeepLine(line.Trim(), t))
            {
                removed++;
                continue;
            }

            if (kept.Length > 0)
            {
                kept.Append('\n');
            }

            kept.Append(line.Trim());
        }

        var cleaned = kept.ToString();
        var sentences = SentenceEnd.Count(cleaned);
        if (sentences < t["min_sentences"])
        {
            return new Outcome("min_sentences", $"{sentences.ToString(CultureInfo.InvariantCulture)} sentences after line rules", text, removed);
        }

        return new Outcome(null, null, cleaned, removed);
    }

    private static bool KeepLine(string line, IReadOnlyDictionary<string, double> t)
    {
        if (line.Length == 0)
        {
            return false;
        }

        if (On(t, "terminal_punctuation") && !EndsWithTerminalPunctuation(line))
        {
            return false;
        }

        var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < t["min_words_per_line"] || words.Any(w => w.Length > t["max_word_length"]))
        {
            return false;
        }

        if (On(t, "javascript_lines") && line.Contains("javascript", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return !(On(t, "policy_lines") && PolicyPhrases.Any(p => line.Contains(p, StringComparison.OrdinalIgnoreCase)));
    }

    private static bool EndsWithTerminalPunctuation(string line) =>
        line[^1] is '.' or '!' or '?' or '"' or '”' or '\'' or '’';

    private static bool On(IReadOnlyDictionary<string, double> t, string flag) => t[flag] != 0;
}
