using System.Buffers.Binary;
using DatasetBuild.Core.IO;

namespace DatasetBuild.Core.Engine.Stages.Emit;

/// <summary>
/// The leakage check's entries: each kept record's normalised-text hash and split, gathered job by job, and the texts
/// found in more than one split. A job stores its entries as they are (20 bytes each); merging a stored job copies its
/// bytes; the count is worked out once, when asked, by partitioning every entry on its hash's top bits and finding each
/// partition's repeated texts in a table that fits the processor's cache. The emit stage merges on the thread that
/// assembles the outputs: a <c>Dictionary&lt;Hash128, string&gt;</c> there (compiled just in time on every build, over
/// this assembly's struct) took 0.6 s for a million records, a table of them all 0.25 s in cache misses.
/// </summary>
public sealed class TextSplitTable
{
    private const int EntrySize = Hash128.Size + sizeof(int);
    private const int PartitionTarget = 4096;

    private byte[] _entries = new byte[EntrySize * 64];
    private int _count;
    private int? _leaked;

    /// <summary>Texts seen in more than one split.</summary>
    public int LeakedCount => _leaked ??= CountLeaked();

    /// <summary>Notes that a text of <paramref name="key"/> is in split <paramref name="split"/> (its index).</summary>
    public void Add(Hash128 key, int split)
    {
        Reserve(_count + 1L);
        var at = _entries.AsSpan(_count * EntrySize, EntrySize);
        BinaryPrimitives.WriteUInt64LittleEndian(at, key.High);
        BinaryPrimitives.WriteUInt64LittleEndian(at[sizeof(ulong)..], key.Low);
        BinaryPrimitives.WriteInt32LittleEndian(at[Hash128.Size..], split);
        _count++;
        _leaked = null;
    }

    /// <summary>Makes room for <paramref name="entries"/> entries in all, so that merging them never copies the ones before.</summary>
    public void Reserve(long entries)
    {
        if (entries * EntrySize <= _entries.Length)
        {
            return;
        }

        var size = (long)_entries.Length;
        while (size < entries * EntrySize)
        {
            size *= 2;
        }

        Array.Resize(ref _entries, (int)Math.Min(size, Array.MaxLength / EntrySize * EntrySize));
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_count);
        writer.Write(_entries, 0, _count * EntrySize);
    }

    /// <summary>Adds the entries written by <see cref="WriteTo"/>.</summary>
    public void MergeFrom(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0)
        {
            throw new InvalidDataException($"a table of {count} texts");
        }

        Reserve((long)_count + count);
        var target = _entries.AsSpan(_count * EntrySize, count * EntrySize);
        while (!target.IsEmpty)
        {
            var read = reader.Read(target);
            if (read == 0)
            {
                throw new EndOfStreamException($"a table of {count} texts ends early");
            }

            target = target[read..];
        }

        _count += count;
        _leaked = null;
    }

    private int CountLeaked()
    {
        var bits = 0;
        while ((1L << bits) * PartitionTarget < _count)
        {
            bits++;
        }

        // Scatter the entries by the top bits of their hash's low half: each partition's texts, together.
        var partitions = 1 << bits;
        var starts = new int[partitions + 1];
        for (var n = 0; n < _count; n++)
        {
            starts[PartitionOf(LowAt(n), bits) + 1]++;
        }

        for (var p = 0; p < partitions; p++)
        {
            starts[p + 1] += starts[p];
        }

        var (highs, lows, splits) = (new ulong[_count], new ulong[_count], new int[_count]);
        var next = starts[..^1];
        for (var n = 0; n < _count; n++)
        {
            var at = _entries.AsSpan(n * EntrySize, EntrySize);
            var low = BinaryPrimitives.ReadUInt64LittleEndian(at[sizeof(ulong)..]);
            var to = next[PartitionOf(low, bits)]++;
            (highs[to], lows[to], splits[to]) = (BinaryPrimitives.ReadUInt64LittleEndian(at), low, BinaryPrimitives.ReadInt32LittleEndian(at[Hash128.Size..]));
        }

        // Each partition's texts in a small table: the first entry of each text (its position + 1), and whether it leaked.
        var largest = 0;
        for (var p = 0; p < partitions; p++)
        {
            largest = Math.Max(largest, starts[p + 1] - starts[p]);
        }

        var size = 16;
        while (size < largest * 2)
        {
            size *= 2;
        }

        var (slots, leaked) = (new int[size], new bool[size]);
        var mask = size - 1;
        var count = 0;
        for (var p = 0; p < partitions; p++)
        {
            Array.Clear(slots);
            Array.Clear(leaked);
            for (var n = starts[p]; n < starts[p + 1]; n++)
            {
                var slot = (int)lows[n] & mask;
                while (slots[slot] != 0 && (lows[slots[slot] - 1] != lows[n] || highs[slots[slot] - 1] != highs[n]))
                {
                    slot = (slot + 1) & mask;
                }

                if (slots[slot] == 0)
                {
                    slots[slot] = n + 1;
                }
                else if (!leaked[slot] && splits[slots[slot] - 1] != splits[n])
                {
                    leaked[slot] = true;
                    count++;
                }
            }
        }

        return count;
    }

    private ulong LowAt(int n) => BinaryPrimitives.ReadUInt64LittleEndian(_entries.AsSpan((n * EntrySize) + sizeof(ulong)));

    private static int PartitionOf(ulong low, int bits) => bits == 0 ? 0 : (int)(low >> (64 - bits));
}
