using System.Numerics;
using System.Runtime.CompilerServices;

namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// MinHash: a signature of <see cref="Permutations"/> 32-bit values from a set of 64-bit shingle hashes; the
/// share of equal positions in two signatures estimates the Jaccard similarity of the two sets.
/// Permutation i maps a shingle hash x (32-bit halves lo, hi) to <c>mix((lo ^ a_i) + (hi ^ b_i))</c>, where
/// <c>mix(t) = ((t·M1) ^ ((t·M1) >> 15))·M2</c> is the core of Chris Wellons' two-multiply <c>lowbias32</c> (a
/// bijection) and (a_i, b_i) are the halves of the i-th output of SplitMix64 seeded with the seed; position i of
/// the signature is the minimum over the set. lowbias32's outer xor-shifts are left out (since engine version
/// dsb-engine-10, which changed the signature values): the last one keeps a value's top 16 bits, so it only
/// reorders values that tie on them, and the first one is not needed for inputs that are already uniform hashes
/// (<see cref="Shingler"/>); without them a permutation is 8 vector operations instead of 12. Estimates keep the
/// binomial error of ideal MinHash (a test compares them with it on texts). Everything is 32-bit lane arithmetic, vectorised over the permutation axis with
/// <see cref="Vector{T}"/>; every lane computes the same function as the scalar code, so a signature is the
/// same on any machine and vector width. Immutable and thread-safe.
/// </summary>
public sealed class MinHasher
{
    private const uint Mix1 = 0x7FEB352D;
    private const uint Mix2 = 0x846CA68B;

    private readonly uint[] _a;
    private readonly uint[] _b;

    public MinHasher(int permutations, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        Permutations = permutations;
        Seed = seed;
        _a = new uint[permutations];
        _b = new uint[permutations];
        var state = unchecked((ulong)seed);
        for (var i = 0; i < permutations; i++)
        {
            var next = SplitMix64(ref state);
            _a[i] = (uint)next;
            _b[i] = (uint)(next >> 32);
        }
    }

    public int Permutations { get; }

    public long Seed { get; }

    /// <summary>The signature of a set (repeats do not change it) as a new array.</summary>
    public uint[] Sign(ReadOnlySpan<ulong> shingles)
    {
        var signature = new uint[Permutations];
        Sign(shingles, signature);
        return signature;
    }

    /// <summary>
    /// Writes the signature of a set (repeats do not change it) to <paramref name="signature"/>, whose length is
    /// <see cref="Permutations"/>. An empty set gives <see cref="uint.MaxValue"/> everywhere.
    /// </summary>
    public void Sign(ReadOnlySpan<ulong> shingles, Span<uint> signature)
    {
        if (signature.Length != Permutations)
        {
            throw new ArgumentException($"the signature needs {Permutations} values, not {signature.Length}", nameof(signature));
        }

        var p = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var width = Vector<uint>.Count;
            for (; p + (4 * width) <= Permutations; p += 4 * width)
            {
                SignFourVectors(shingles, p, signature);
            }

            for (; p + width <= Permutations; p += width)
            {
                SignOneVector(shingles, p, signature);
            }
        }

        for (; p < Permutations; p++)
        {
            var min = uint.MaxValue;
            foreach (var x in shingles)
            {
                min = Math.Min(min, Permute((uint)x, (uint)(x >> 32), _a[p], _b[p]));
            }

            signature[p] = min;
        }
    }

    private static uint Permute(uint lo, uint hi, uint a, uint b)
    {
        var t = unchecked((lo ^ a) + (hi ^ b));
        t = unchecked(t * Mix1);
        t ^= t >> 15;
        return unchecked(t * Mix2);
    }

    private static Vector<uint> Permute(Vector<uint> lo, Vector<uint> hi, Vector<uint> a, Vector<uint> b)
    {
        var t = (lo ^ a) + (hi ^ b);
        t *= Mix1;
        t ^= t >>> 15;
        return t * Mix2;
    }

    // Four independent accumulators per pass over the set keep the multiplier busy. Optimised from the first call
    // (as is SignOneVector): unoptimised vector code is many times slower, and a build runs it for seconds before
    // tiered compilation would replace it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SignFourVectors(ReadOnlySpan<ulong> shingles, int p, Span<uint> signature)
    {
        var width = Vector<uint>.Count;
        var a0 = new Vector<uint>(_a, p);
        var a1 = new Vector<uint>(_a, p + width);
        var a2 = new Vector<uint>(_a, p + (2 * width));
        var a3 = new Vector<uint>(_a, p + (3 * width));
        var b0 = new Vector<uint>(_b, p);
        var b1 = new Vector<uint>(_b, p + width);
        var b2 = new Vector<uint>(_b, p + (2 * width));
        var b3 = new Vector<uint>(_b, p + (3 * width));
        var m0 = new Vector<uint>(uint.MaxValue);
        var m1 = m0;
        var m2 = m0;
        var m3 = m0;
        foreach (var x in shingles)
        {
            var lo = new Vector<uint>((uint)x);
            var hi = new Vector<uint>((uint)(x >> 32));
            m0 = Vector.Min(m0, Permute(lo, hi, a0, b0));
            m1 = Vector.Min(m1, Permute(lo, hi, a1, b1));
            m2 = Vector.Min(m2, Permute(lo, hi, a2, b2));
            m3 = Vector.Min(m3, Permute(lo, hi, a3, b3));
        }

        m0.CopyTo(signature[p..]);
        m1.CopyTo(signature[(p + width)..]);
        m2.CopyTo(signature[(p + (2 * width))..]);
        m3.CopyTo(signature[(p + (3 * width))..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SignOneVector(ReadOnlySpan<ulong> shingles, int p, Span<uint> signature)
    {
        var a = new Vector<uint>(_a, p);
        var b = new Vector<uint>(_b, p);
        var min = new Vector<uint>(uint.MaxValue);
        foreach (var x in shingles)
        {
            min = Vector.Min(min, Permute(new Vector<uint>((uint)x), new Vector<uint>((uint)(x >> 32)), a, b));
        }

        min.CopyTo(signature[p..]);
    }

    private static ulong SplitMix64(ref ulong state)
    {
        unchecked
        {
            var z = state += 0x9E3779B97F4A7C15;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            return z ^ (z >> 31);
        }
    }
}
