using System.Globalization;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary>
/// Judges one caption on the normalised text (NFKC, lower case, punctuation folded): too few words, or
/// nothing left once the generic phrases (longest first, whole words) and filler words are removed.
/// </summary>
public sealed class VagueCaption
{
    /// <summary>Words that carry no content of their own in a caption.</summary>
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "this", "that", "is", "it", "in", "on", "at", "with", "and", "or", "to", "for",
        "there", "some", "here", "shows", "showing", "shown", "depicts", "depicting", "view", "image", "picture",
        "photo", "photograph",
    };

    private readonly string[] _phrases;

    public VagueCaption(IEnumerable<string> generic) =>
        _phrases = generic.Select(TextNormalizer.Normalize).Where(p => p.Length > 0)
            .Distinct(StringComparer.Ordinal).OrderByDescending(p => p.Length).ThenBy(p => p, StringComparer.Ordinal)
            .Select(p => " " + p + " ").ToArray();

    /// <summary>The kind ("too short", "generic") and what was measured; null when the caption is specific.</summary>
    public (string Kind, string Detail)? Judge(string caption, int minWords)
    {
        var normalized = TextNormalizer.Normalize(caption);
        var words = normalized.Length == 0 ? 0 : normalized.Count(c => c == ' ') + 1;
        if (words == 0 || words < minWords)
        {
            return ("too short", $"{words.ToString(CultureInfo.InvariantCulture)} words, fewer than {minWords.ToString(CultureInfo.InvariantCulture)}");
        }

        var rest = " " + normalized + " ";
        var matched = new List<string>();
        foreach (var phrase in _phrases)
        {
            if (rest.Contains(phrase, StringComparison.Ordinal))
            {
                matched.Add(phrase.Trim());
                rest = rest.Replace(phrase, "  ", StringComparison.Ordinal);
            }
        }

        var content = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => !Filler.Contains(w)).ToList();
        if (content.Count > 0)
        {
            return null;
        }

        return ("generic", matched.Count > 0 ? $"only '{string.Join("', '", matched)}'" : "only filler words");
    }
}
