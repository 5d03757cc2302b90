using DatasetBuild.Core.IO;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The first record of each 128-bit key, for a pass over a million records: an open-addressing table sized once and
/// probed linearly, whose 8-byte slots hold 32 bits of the key (a tag) and the record, a matching tag being confirmed
/// against the record's whole key. Keys are content hashes: the slot comes from the low bits, the tag from the high
/// ones. A million keys take 16 MB of slots rather than 40 MB of whole keys, and each lookup first touches the slot
/// of the key a few records ahead, so the memory waits of consecutive lookups overlap instead of adding up.
/// </summary>
public static class FirstOccurrences
{
    private const int LookAhead = 8;

    /// <summary>For each record, the first record with the same key: itself when it is the first, -1 when it has none.</summary>
    public static int[] Of(ReadOnlySpan<Hash128?> keys)
    {
        var first = new int[keys.Length];
        var size = 16;
        while (size < keys.Length * 2L)
        {
            size *= 2;
        }

        var slots = new ulong[size]; // (tag << 32) | (record + 1); 0 is empty
        var mask = size - 1;
        ulong touched = 0;
        for (var n = 0; n < keys.Length; n++)
        {
            if (n + LookAhead < keys.Length && keys[n + LookAhead] is { } ahead)
            {
                touched ^= Volatile.Read(ref slots[(int)ahead.Low & mask]);
            }

            if (keys[n] is not { } key)
            {
                first[n] = -1;
                continue;
            }

            var tag = (uint)(key.High >> 32);
            var slot = (int)key.Low & mask;
            while (true)
            {
                var entry = slots[slot];
                if (entry == 0)
                {
                    slots[slot] = ((ulong)tag << 32) | (uint)(n + 1);
                    first[n] = n;
                    break;
                }

                if ((uint)(entry >> 32) == tag && (int)(uint)entry - 1 is var other && keys[other] == key)
                {
                    first[n] = other;
                    break;
                }

                slot = (slot + 1) & mask;
            }
        }

        GC.KeepAlive(touched);
        return first;
    }
}
