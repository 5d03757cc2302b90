using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace DatasetBuild.Core.IO;

/// <summary>
/// CRC-32C (Castagnoli, the checksum of iSCSI, ext4 and RocksDB), the check every cache read makes: eight bytes per
/// instruction on processors with a CRC32 instruction (SSE 4.2), computed by <see cref="BitOperations.Crc32C(uint, ulong)"/>
/// elsewhere. On x64 the instruction is called directly: precompiled code cannot inline the runtime's helper, and a
/// call per eight bytes would halve the speed. About three times as fast as System.IO.Hashing's CRC-64 here, which
/// was a fifth of the CPU time of a build that reads its 300 MB of outputs' parts from the cache.
/// </summary>
public struct Crc32C
{
    // The register inverted, so that a default value (a field never assigned, an array element) is a fresh start.
    private uint _inverted;

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Of(ReadOnlySpan<byte> data) => ~Update(uint.MaxValue, data);

    public void Append(ReadOnlySpan<byte> data) => _inverted = ~Update(~_inverted, data);

    /// <summary>The CRC-32C of everything appended so far.</summary>
    public readonly uint Value => _inverted;

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        if (Sse42.X64.IsSupported)
        {
            ulong wide = crc;
            foreach (var word in words)
            {
                wide = Sse42.X64.Crc32(wide, word);
            }

            crc = (uint)wide;
        }
        else
        {
            foreach (var word in words)
            {
                crc = BitOperations.Crc32C(crc, word);
            }
        }

        foreach (var b in data[(words.Length * sizeof(ulong))..])
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }
}
