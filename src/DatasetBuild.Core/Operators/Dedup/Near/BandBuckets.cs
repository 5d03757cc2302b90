namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// One LSH band's buckets with more than one member: ascending keys, each with its members (ascending record
/// indices), stored as three flat arrays (keys, where each bucket's members start, the members).
/// </summary>
public sealed class BandBuckets
{
    private readonly ulong[] _keys;
    private readonly int[] _starts;
    private readonly int[] _members;

    /// <param name="keys">Ascending bucket keys.</param>
    /// <param name="starts">Where each bucket's members start in <paramref name="members"/>, plus the end (keys.Length + 1 values).</param>
    /// <param name="members">Every bucket's members in turn.</param>
    public BandBuckets(ulong[] keys, int[] starts, int[] members)
    {
        if (starts.Length != keys.Length + 1 || starts[0] != 0 || starts[^1] != members.Length)
        {
            throw new ArgumentException($"{keys.Length} buckets need {keys.Length + 1} starts from 0 to {members.Length}", nameof(starts));
        }

        _keys = keys;
        _starts = starts;
        _members = members;
    }

    public static BandBuckets Empty { get; } = new([], [0], []);

    public int Count => _keys.Length;

    /// <summary>The number of members of all buckets.</summary>
    public int MemberCount => _members.Length;

    public ReadOnlySpan<ulong> Keys => _keys;

    public ReadOnlySpan<int> Starts => _starts;

    public ReadOnlySpan<int> AllMembers => _members;

    public ulong KeyAt(int bucket) => _keys[bucket];

    public ReadOnlySpan<int> MembersAt(int bucket) => _members.AsSpan(_starts[bucket], _starts[bucket + 1] - _starts[bucket]);

    /// <summary>The same buckets with each member <c>m</c> replaced by <c>map[m]</c>.</summary>
    public BandBuckets Renumbered(int[] map)
    {
        var members = new int[_members.Length];
        for (var i = 0; i < members.Length; i++)
        {
            members[i] = map[_members[i]];
        }

        return new BandBuckets(_keys, _starts, members);
    }

    /// <summary>
    /// The buckets of (key, record) entries sorted by key: each run of two or more equal keys, its records sorted.
    /// Reorders <paramref name="records"/> within runs.
    /// </summary>
    public static BandBuckets FromSorted(ReadOnlySpan<ulong> keys, Span<int> records)
    {
        var builder = new Builder();
        for (int start = 0, end; start < keys.Length; start = end)
        {
            end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                var bucket = records[start..end];
                bucket.Sort();
                builder.Add(keys[start], bucket);
            }
        }

        return builder.Build();
    }

    /// <summary>The buckets of both, by key; no key may be in both.</summary>
    public static BandBuckets Merge(BandBuckets a, BandBuckets b)
    {
        var builder = new Builder();
        int i = 0, j = 0;
        while (i < a.Count || j < b.Count)
        {
            if (j >= b.Count || (i < a.Count && a._keys[i] < b._keys[j]))
            {
                builder.Add(a._keys[i], a.MembersAt(i++));
            }
            else if (i >= a.Count || b._keys[j] < a._keys[i])
            {
                builder.Add(b._keys[j], b.MembersAt(j++));
            }
            else
            {
                throw new ArgumentException($"bucket key {a._keys[i]} is in both", nameof(b));
            }
        }

        return builder.Build();
    }

    /// <summary>Collects buckets in key order.</summary>
    public sealed class Builder
    {
        private readonly List<ulong> _keys = [];
        private readonly List<int> _starts = [0];
        private readonly List<int> _members = [];

        public void Add(ulong key, ReadOnlySpan<int> members)
        {
            _keys.Add(key);
            _members.AddRange(members);
            _starts.Add(_members.Count);
        }

        public BandBuckets Build() => new([.. _keys], [.. _starts], [.. _members]);
    }
}
