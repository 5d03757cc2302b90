namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// A set of 64-bit keys (hashes, so uniformly spread) by open addressing, with a bit filter in front that answers
/// most lookups of absent keys from 32 KiB: what <see cref="LshIndex.Update(BandKeyTable, LshBuckets, IReadOnlyList{bool}, int)"/> asks about every record's key in
/// every band. Written out rather than a HashSet: the build's own code is compiled ahead of time, the framework's
/// generic collections over these types by the JIT on every build, and this lookup runs millions of times.
/// </summary>
internal sealed class KeySet
{
    private const int FilterBits = 1 << 18;
    private readonly ulong[] _filter = new ulong[FilterBits / 64];
    private ulong[] _slots = new ulong[16];
    private bool _hasZero;
    private int _count;

    public bool IsEmpty => _count == 0 && !_hasZero;

    public void Add(ulong key)
    {
        _filter[(int)(key % FilterBits) >> 6] |= 1UL << (int)(key % 64);
        if (key == 0)
        {
            _hasZero = true;
            return;
        }

        if ((_count + 1) * 2 > _slots.Length)
        {
            Grow();
        }

        if (Insert(_slots, key))
        {
            _count++;
        }
    }

    public bool Contains(ulong key)
    {
        if ((_filter[(int)(key % FilterBits) >> 6] & (1UL << (int)(key % 64))) == 0)
        {
            return false;
        }

        if (key == 0)
        {
            return _hasZero;
        }

        var mask = _slots.Length - 1;
        for (var slot = Slot(key, mask); ; slot = (slot + 1) & mask)
        {
            if (_slots[slot] == key)
            {
                return true;
            }

            if (_slots[slot] == 0)
            {
                return false;
            }
        }
    }

    private static bool Insert(ulong[] slots, ulong key)
    {
        var mask = slots.Length - 1;
        for (var slot = Slot(key, mask); ; slot = (slot + 1) & mask)
        {
            if (slots[slot] == key)
            {
                return false;
            }

            if (slots[slot] == 0)
            {
                slots[slot] = key;
                return true;
            }
        }
    }

    // The filter uses the key's low bits; the slots a multiplicative hash of all of them.
    private static int Slot(ulong key, int mask) => (int)((key * 0x9E3779B97F4A7C15UL) >> 32) & mask;

    private void Grow()
    {
        var grown = new ulong[_slots.Length * 2];
        foreach (var key in _slots)
        {
            if (key != 0)
            {
                Insert(grown, key);
            }
        }

        _slots = grown;
    }
}
