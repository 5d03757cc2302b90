namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// Similarities of record pairs, by packed pair (<see cref="CandidatePairs"/>'s order: later record, then earlier),
/// as two sorted arrays looked up by binary search: a build's verified pairs, or an earlier build's carried over.
/// Plain arrays and loops rather than a dictionary: the build's own code is compiled ahead of time, a dictionary
/// of the framework's over these types is compiled by the JIT on every build.
/// </summary>
public sealed class PairSimilarities
{
    private readonly ulong[] _pairs;
    private readonly double[] _similarities;

    /// <param name="pairs">Packed pairs, strictly ascending.</param>
    /// <param name="similarities">The similarity of each pair.</param>
    public PairSimilarities(ulong[] pairs, double[] similarities)
    {
        if (pairs.Length != similarities.Length)
        {
            throw new ArgumentException($"{pairs.Length} pairs and {similarities.Length} similarities", nameof(similarities));
        }

        for (var i = 1; i < pairs.Length; i++)
        {
            if (pairs[i] <= pairs[i - 1])
            {
                throw new ArgumentException($"pairs are not strictly ascending at {i}", nameof(pairs));
            }
        }

        _pairs = pairs;
        _similarities = similarities;
    }

    public static PairSimilarities Empty { get; } = new([], []);

    public int Count => _pairs.Length;

    public ReadOnlySpan<ulong> Pairs => _pairs;

    public ReadOnlySpan<double> Similarities => _similarities;

    /// <summary>The pairs and similarities of <paramref name="accepted"/>, which are in candidate order.</summary>
    public static PairSimilarities Of(IReadOnlyList<SimilarPair> accepted)
    {
        var pairs = new ulong[accepted.Count];
        var similarities = new double[accepted.Count];
        for (var i = 0; i < pairs.Length; i++)
        {
            pairs[i] = CandidatePairs.Pack(accepted[i].Earlier, accepted[i].Later);
            similarities[i] = accepted[i].Similarity;
        }

        return new PairSimilarities(pairs, similarities);
    }

    public bool TryGet(int earlier, int later, out double similarity)
    {
        var pair = CandidatePairs.Pack(earlier, later);
        int low = 0, high = _pairs.Length - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            if (_pairs[middle] == pair)
            {
                similarity = _similarities[middle];
                return true;
            }

            if (_pairs[middle] < pair)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        similarity = 0;
        return false;
    }

    public bool Contains(int earlier, int later) => TryGet(earlier, later, out _);

    /// <summary>A reader for lookups in ascending pair order (as candidate pairs come): each moves a cursor forward.</summary>
    public ForwardReader Forward() => new(this);

    /// <summary>Both sets of pairs in one; a pair in both takes <paramref name="a"/>'s similarity.</summary>
    public static PairSimilarities Merge(PairSimilarities a, PairSimilarities b)
    {
        var pairs = new ulong[a.Count + b.Count];
        var similarities = new double[pairs.Length];
        int i = 0, j = 0, count = 0;
        while (i < a.Count || j < b.Count)
        {
            var fromA = j >= b.Count || (i < a.Count && a._pairs[i] <= b._pairs[j]);
            pairs[count] = fromA ? a._pairs[i] : b._pairs[j];
            similarities[count] = fromA ? a._similarities[i] : b._similarities[j];
            i += fromA ? 1 : 0;
            j += !fromA || (j < b.Count && b._pairs[j] == pairs[count]) ? 1 : 0;
            count++;
        }

        return new PairSimilarities(pairs[..count], similarities[..count]);
    }

    /// <summary>Looks pairs up by a cursor that only moves forward; a pair asked out of order is searched for.</summary>
    public sealed class ForwardReader(PairSimilarities pairs)
    {
        private int _at;

        public bool TryGet(int earlier, int later, out double similarity)
        {
            var pair = CandidatePairs.Pack(earlier, later);
            var all = pairs._pairs;
            if (_at > 0 && all[_at - 1] > pair)
            {
                return pairs.TryGet(earlier, later, out similarity);
            }

            while (_at < all.Length && all[_at] < pair)
            {
                _at++;
            }

            var found = _at < all.Length && all[_at] == pair;
            similarity = found ? pairs._similarities[_at] : 0;
            return found;
        }
    }

    /// <summary>Collects pairs in ascending order.</summary>
    public sealed class Builder
    {
        private readonly List<ulong> _pairs = [];
        private readonly List<double> _similarities = [];

        public int Count => _pairs.Count;

        public void Add(int earlier, int later, double similarity)
        {
            _pairs.Add(CandidatePairs.Pack(earlier, later));
            _similarities.Add(similarity);
        }

        public PairSimilarities Build() => new([.. _pairs], [.. _similarities]);
    }
}
