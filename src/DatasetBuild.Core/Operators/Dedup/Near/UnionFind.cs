namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// Disjoint sets over the record indices 0..n−1, with path halving and union by size: two int arrays, no
/// object per record. Which member stands for a set is not the internal root (that depends on the order of
/// unions) but the caller's preference, applied by <see cref="PreferredMembers"/>.
/// </summary>
public sealed class UnionFind
{
    private readonly int[] _parent;
    private readonly int[] _size;

    public UnionFind(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _parent = new int[count];
        _size = new int[count];
        for (var i = 0; i < count; i++)
        {
            _parent[i] = i;
            _size[i] = 1;
        }
    }

    public int Count => _parent.Length;

    /// <summary>The internal root of <paramref name="member"/>'s set.</summary>
    public int Find(int member)
    {
        while (_parent[member] != member)
        {
            _parent[member] = _parent[_parent[member]];
            member = _parent[member];
        }

        return member;
    }

    /// <summary>Joins the sets of two members; false when they were already one set.</summary>
    public bool Union(int first, int second)
    {
        var (a, b) = (Find(first), Find(second));
        if (a == b)
        {
            return false;
        }

        if (_size[a] < _size[b])
        {
            (a, b) = (b, a);
        }

        _parent[b] = a;
        _size[a] += _size[b];
        return true;
    }

    /// <summary>The number of members in <paramref name="member"/>'s set.</summary>
    public int SizeOf(int member) => _size[Find(member)];

    /// <summary>
    /// For every member, the member of its set that <paramref name="preference"/> orders first (the set's
    /// minimum). Independent of the order of unions, so deterministic for a deterministic preference.
    /// </summary>
    public int[] PreferredMembers(IComparer<int> preference)
    {
        var best = new int[Count];
        Array.Fill(best, -1);
        for (var i = 0; i < Count; i++)
        {
            var root = Find(i);
            if (best[root] < 0 || preference.Compare(i, best[root]) < 0)
            {
                best[root] = i;
            }
        }

        var preferred = new int[Count];
        for (var i = 0; i < Count; i++)
        {
            preferred[i] = best[Find(i)];
        }

        return preferred;
    }
}
