namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// Records' LSH band keys (<see cref="BandKeys"/>) in one flat array, <see cref="Bands"/> per record, and whether
/// each record has keys (a text without shingles has none, and is in no bucket): a million records are two arrays,
/// not a million, and a scan over them reads memory in order.
/// </summary>
public sealed class BandKeyTable
{
    private ulong[] _keys;
    private bool[] _has;

    public BandKeyTable(int bands, int capacity = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 1);
        Bands = bands;
        _keys = new ulong[(long)capacity * bands];
        _has = new bool[capacity];
    }

    private BandKeyTable(int bands, ulong[] keys, bool[] has, int count)
    {
        Bands = bands;
        _keys = keys;
        _has = has;
        Count = count;
    }

    public int Bands { get; }

    public int Count { get; private set; }

    /// <summary>The table of per-record arrays (each of <paramref name="bands"/> keys, or empty).</summary>
    public static BandKeyTable From(IReadOnlyList<ulong[]> perRecord, int bands)
    {
        var table = new BandKeyTable(bands, perRecord.Count);
        for (var record = 0; record < perRecord.Count; record++)
        {
            if (perRecord[record].Length != 0 && perRecord[record].Length != bands)
            {
                throw new ArgumentException($"record {record} has {perRecord[record].Length} band keys, not {bands}", nameof(perRecord));
            }

            table.Add(perRecord[record]);
        }

        return table;
    }

    public bool Has(int record) => _has[record];

    public ulong KeyAt(int record, int band) => _keys[((long)record * Bands) + band];

    /// <summary>The record's keys, or an empty span when it has none.</summary>
    public ReadOnlySpan<ulong> KeysOf(int record) => _has[record] ? _keys.AsSpan(record * Bands, Bands) : [];

    /// <summary>The most records a table of <see cref="Bands"/> bands holds: one array of keys.</summary>
    public int MaxRecords => Array.MaxLength / Bands;

    /// <summary>Room for <paramref name="records"/> records (at most <see cref="MaxRecords"/>).</summary>
    public void EnsureCapacity(int records)
    {
        if (records > MaxRecords)
        {
            throw new BandKeyTableFullException(MaxRecords, Bands);
        }

        if (_has.Length < records)
        {
            Array.Resize(ref _has, records);
            Array.Resize(ref _keys, records * Bands);
        }
    }

    /// <summary>Adds a record with these keys (<see cref="Bands"/> of them), or without keys when empty.</summary>
    public void Add(ReadOnlySpan<ulong> keys)
    {
        if (!keys.IsEmpty && keys.Length != Bands)
        {
            throw new ArgumentException($"a record has {Bands} band keys, not {keys.Length}", nameof(keys));
        }

        Grow(1);
        _has[Count] = !keys.IsEmpty;
        keys.CopyTo(_keys.AsSpan(Count * Bands));
        Count++;
    }

    /// <summary>Adds <paramref name="has"/>.Length records: whether each has keys, and all their keys in turn (zeros for those without).</summary>
    public void AddRange(ReadOnlySpan<byte> has, ReadOnlySpan<ulong> keys)
    {
        if (keys.Length != has.Length * Bands)
        {
            throw new ArgumentException($"{has.Length} records have {has.Length * Bands} band keys, not {keys.Length}", nameof(keys));
        }

        Grow(has.Length);
        for (var n = 0; n < has.Length; n++)
        {
            _has[Count + n] = has[n] != 0;
        }

        keys.CopyTo(_keys.AsSpan(Count * Bands));
        Count += has.Length;
    }

    /// <summary>Adds <paramref name="count"/> records without keys.</summary>
    public void AddNone(int count)
    {
        Grow(count);
        _has.AsSpan(Count, count).Clear();
        Count += count;
    }

    /// <summary>The same keys, but only the records <paramref name="keep"/> says have them; shares the keys.</summary>
    public BandKeyTable Only(Func<int, bool> keep)
    {
        var has = new bool[Count];
        for (var record = 0; record < Count; record++)
        {
            has[record] = _has[record] && keep(record);
        }

        return new BandKeyTable(Bands, _keys, has, Count);
    }

    /// <summary>The records of <paramref name="first"/>, then those of <paramref name="second"/>.</summary>
    public static BandKeyTable Concat(BandKeyTable first, BandKeyTable second)
    {
        if (first.Bands != second.Bands)
        {
            throw new ArgumentException($"{first.Bands} bands and {second.Bands}", nameof(second));
        }

        var table = new BandKeyTable(first.Bands, first.Count + second.Count);
        table.AddRange(first);
        table.AddRange(second);
        return table;
    }

    private void AddRange(BandKeyTable other)
    {
        Grow(other.Count);
        other._has.AsSpan(0, other.Count).CopyTo(_has.AsSpan(Count));
        other._keys.AsSpan(0, other.Count * Bands).CopyTo(_keys.AsSpan(Count * Bands));
        Count += other.Count;
    }

    private void Grow(int more)
    {
        if (Count + more > _has.Length)
        {
            EnsureCapacity(Math.Max(Count + more, (int)Math.Min(MaxRecords, Math.Max(16L, _has.Length * 2L))));
        }
    }
}

/// <summary>More records than one <see cref="BandKeyTable"/> holds.</summary>
public sealed class BandKeyTableFullException(int maxRecords, int bands)
    : InvalidOperationException($"near-duplicate detection holds every record's {bands} band keys in one table of at most {maxRecords:N0} records; this dataset has more (fewer bands, or splitting the dataset, would fit)");
