using System.Runtime.CompilerServices;

namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// The hashes of a text's word shingles from its words' hashes, as a rolling polynomial: the shingle of words
/// i..i+n−1 is <c>avalanche(seedMix ^ Σ_j w_(i+j) · P^(n−1−j))</c> (mod 2^64, P odd), where <c>avalanche</c> is the
/// 64-bit murmur3 finaliser and seedMix depends on the seed and n. Word hashes are already uniform (XxHash3), so
/// distinct word sequences stay apart as well as by hashing their bytes again, and each shingle costs a few
/// multiplications instead of an XxHash3 call (which cost half as much as the whole MinHash signature).
/// The window is rolled (remove the first word's term, shift, add the next word), which is exact in mod 2^64
/// arithmetic: the same values as summing each window afresh.
/// </summary>
internal static class ShingleHash
{
    private const ulong P = 0x9E3779B97F4A7C15;

    /// <summary>Writes the hash of each window of <paramref name="width"/> consecutive word hashes to <paramref name="shingles"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Roll(ReadOnlySpan<ulong> wordHashes, int width, long seed, Span<ulong> shingles)
    {
        unchecked
        {
            var seedMix = (ulong)seed ^ ((ulong)width * 0xC2B2AE3D27D4EB4F);
            ulong window = 0, leading = 1;
            for (var j = 0; j < width; j++)
            {
                window = (window * P) + wordHashes[j];
                leading = j == 0 ? 1 : leading * P;
            }

            shingles[0] = Avalanche(window ^ seedMix);
            for (var i = 1; i < shingles.Length; i++)
            {
                window = ((window - (wordHashes[i - 1] * leading)) * P) + wordHashes[i + width - 1];
                shingles[i] = Avalanche(window ^ seedMix);
            }
        }
    }

    private static ulong Avalanche(ulong h)
    {
        unchecked
        {
            h ^= h >> 33;
            h *= 0xFF51AFD7ED558CCD;
            h ^= h >> 33;
            h *= 0xC4CEB9FE1A85EC53;
            return h ^ (h >> 33);
        }
    }
}
