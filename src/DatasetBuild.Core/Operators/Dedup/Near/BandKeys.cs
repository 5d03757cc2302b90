using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// A record's LSH keys: one 64-bit key per band, XxHash3 of the little-endian bytes of the band's rows of the
/// signature, seeded with the seed and the band index (so equal rows in different bands give different keys).
/// Compact (8 bytes per band) and deterministic, so it is what a build caches per source file. A record
/// without shingles has no keys at all (an empty array), never the keys of an empty signature.
/// </summary>
public static class BandKeys
{
    /// <summary>The keys of <paramref name="signature"/> as a new array of <see cref="LshParameters.Bands"/> values.</summary>
    public static ulong[] Of(ReadOnlySpan<uint> signature, LshParameters lsh, long seed)
    {
        var keys = new ulong[lsh.Bands];
        Write(signature, lsh, seed, keys);
        return keys;
    }

    /// <summary>Writes the keys of <paramref name="signature"/> to <paramref name="keys"/> (length <see cref="LshParameters.Bands"/>).</summary>
    public static void Write(ReadOnlySpan<uint> signature, LshParameters lsh, long seed, Span<ulong> keys)
    {
        if ((long)lsh.Bands * lsh.Rows > signature.Length)
        {
            throw new ArgumentException($"{lsh.Bands} bands of {lsh.Rows} rows need more than {signature.Length} permutations", nameof(lsh));
        }

        if (keys.Length != lsh.Bands)
        {
            throw new ArgumentException($"there are {lsh.Bands} band keys, not {keys.Length}", nameof(keys));
        }

        for (var band = 0; band < lsh.Bands; band++)
        {
            var rows = signature.Slice(band * lsh.Rows, lsh.Rows);
            keys[band] = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(rows), BandSeed(seed, band));
        }
    }

    private static long BandSeed(long seed, int band) => unchecked(seed ^ ((band + 1) * (long)0x9E3779B97F4A7C15));
}
