namespace DatasetBuild.Tests.NearDup;

/// <summary>
/// Ground truth for the accuracy tests, independent of the code under test: word n-grams as strings, interned
/// to ids, and the exact Jaccard similarity of every pair of documents that shares at least one n-gram (found
/// through an inverted index; every other pair has similarity 0). The same as all-pairs brute force, faster.
/// </summary>
internal static class ExactWordJaccard
{
    /// <summary>Every pair (earlier, later) with non-zero similarity, and the similarity.</summary>
    public static Dictionary<(int Earlier, int Later), double> AllPairs(IReadOnlyList<string> texts, int n)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var sets = texts.Select(text => Shingles(text, n).Select(s => ids.TryGetValue(s, out var id) ? id : ids[s] = ids.Count).ToHashSet()).ToArray();
        var postings = new Dictionary<int, List<int>>();
        for (var doc = 0; doc < sets.Length; doc++)
        {
            foreach (var shingle in sets[doc])
            {
                if (!postings.TryGetValue(shingle, out var list))
                {
                    postings[shingle] = list = [];
                }

                list.Add(doc);
            }
        }

        var shared = new Dictionary<(int, int), int>();
        foreach (var docs in postings.Values)
        {
            for (var j = 1; j < docs.Count; j++)
            {
                for (var i = 0; i < j; i++)
                {
                    var key = (docs[i], docs[j]);
                    shared[key] = shared.GetValueOrDefault(key) + 1;
                }
            }
        }

        return shared.ToDictionary(p => p.Key, p => (double)p.Value / (sets[p.Key.Item1].Count + sets[p.Key.Item2].Count - p.Value));
    }

    /// <summary>The word n-grams of a text; a text of fewer than n words is one n-gram.</summary>
    public static IEnumerable<string> Shingles(string text, int n)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            yield break;
        }

        for (var i = 0; i + n <= Math.Max(n, words.Length); i++)
        {
            yield return string.Join(" ", words, i, Math.Min(n, words.Length));
        }
    }
}
