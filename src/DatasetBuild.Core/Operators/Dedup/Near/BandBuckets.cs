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

    /// <summary>
    /// The buckets of <paramref name="b"/> and those of <paramref name="a"/> that <paramref name="keepFromA"/> keeps
    /// (by position), by key; no key may be in both. Sized exactly before it is filled.
    /// </summary>
    public static BandBuckets Merge(BandBuckets a, BandBuckets b, Func<int, bool>? keepFromA = null)
    {
        var kept = new bool[a.Count];
        int buckets = b.Count, members = b.MemberCount;
        for (var i = 0; i < a.Count; i++)
        {
            if (kept[i] = keepFromA?.Invoke(i) ?? true)
            {
                buckets++;
                members += a._starts[i + 1] - a._starts[i];
            }
        }

        var (keys, starts, all) = (new ulong[buckets], new int[buckets + 1], new int[members]);
        int at = 0, count = 0, ai = 0, bi = 0;
        while (true)
        {
            while (ai < a.Count && !kept[ai])
            {
                ai++;
            }

            var fromA = ai < a.Count && (bi >= b.Count || a._keys[ai] <= b._keys[bi]);
            if (!fromA && bi >= b.Count)
            {
                break;
            }

            var (source, index) = fromA ? (a, ai++) : (b, bi++);
            if (fromA && bi < b.Count && b._keys[bi] == source._keys[index])
            {
                throw new ArgumentException($"bucket key {source._keys[index]} is in both", nameof(b));
            }

            keys[count] = source._keys[index];
            var bucket = source.MembersAt(index);
            bucket.CopyTo(all.AsSpan(at));
            at += bucket.Length;
            starts[++count] = at;
        }

        return new BandBuckets(keys, starts, all);
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
