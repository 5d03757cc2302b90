using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// Turns an already normalised text (<see cref="Text.TextNormalizer.Normalize(string)"/>) into the 64-bit hashes of
/// its shingles (n-grams), without allocating a string per shingle.
/// <list type="bullet">
/// <item><see cref="ShingleUnit.Word"/>: n consecutive words, a word being a maximal run of non-whitespace
/// characters. Each word is hashed once, as XxHash3 (seeded) of its UTF-16 bytes; a shingle's hash combines its
/// words' hashes (<see cref="ShingleHash"/>, a rolling polynomial), so how the words are separated does not matter.</item>
/// <item><see cref="ShingleUnit.Char"/>: n consecutive Unicode scalar values (a character outside the BMP
/// counts once), spaces included, hashed as XxHash3 (seeded) of their UTF-16 bytes.</item>
/// </list>
/// A text shorter than one n-gram (fewer than n words or characters) gives exactly one shingle: the whole
/// text. An empty or all-whitespace text gives no shingle, so it is never a near duplicate of anything.
/// Not thread-safe: buffers are reused across calls, so use one instance per thread. A returned span is
/// valid until the next call.
/// </summary>
public sealed class Shingler
{
    private ulong[] _hashes = new ulong[256];
    private ulong[] _words = new ulong[256];
    private int[] _wordBounds = new int[512];
    private int[] _runeStarts = new int[256];

    public Shingler(ShingleUnit unit, int size, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("near-duplicate hashes are defined on little-endian byte order");
        }

        Unit = unit;
        Size = size;
        Seed = seed;
    }

    public ShingleUnit Unit { get; }

    /// <summary>n: words or characters per shingle.</summary>
    public int Size { get; }

    public long Seed { get; }

    /// <summary>The hash of every shingle in text order, repeats included: all that MinHash needs.</summary>
    public ReadOnlySpan<ulong> Hashes(ReadOnlySpan<char> text)
    {
        if (text.IsWhiteSpace())
        {
            return [];
        }

        var count = Unit == ShingleUnit.Word ? HashWordShingles(text) : HashCharShingles(text);
        return _hashes.AsSpan(0, count);
    }

    /// <summary>The distinct shingle hashes in ascending order: the set that <see cref="Jaccard.Of"/> compares.</summary>
    public ReadOnlySpan<ulong> SortedSet(ReadOnlySpan<char> text)
    {
        var count = Hashes(text).Length;
        var hashes = _hashes.AsSpan(0, count);
        hashes.Sort();
        return hashes[..Distinct(hashes)];
    }

    /// <summary><see cref="SortedSet"/> copied into a new array, for a caller that keeps it.</summary>
    public ulong[] SortedSetArray(ReadOnlySpan<char> text) => SortedSet(text).ToArray();

    // Optimised from the first call: the build's first records would otherwise run unoptimised code for seconds.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int HashWordShingles(ReadOnlySpan<char> text)
    {
        var words = WordBoundaries.Find(text, ref _wordBounds);
        Grow(ref _words, words);
        for (var i = 0; i < words; i++)
        {
            _words[i] = Hash(MemoryMarshal.AsBytes(text[_wordBounds[2 * i].._wordBounds[(2 * i) + 1]]));
        }

        var shingles = Math.Max(1, words - Size + 1);
        var width = Math.Min(Size, words);
        Grow(ref _hashes, shingles);
        ShingleHash.Roll(_words.AsSpan(0, words), width, Seed, _hashes.AsSpan(0, shingles));

        return shingles;
    }

    private int HashCharShingles(ReadOnlySpan<char> text)
    {
        if (!text.ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            var shingles = Math.Max(1, text.Length - Size + 1);
            var width = Math.Min(Size, text.Length);
            Grow(ref _hashes, shingles);
            for (var i = 0; i < shingles; i++)
            {
                _hashes[i] = Hash(MemoryMarshal.AsBytes(text.Slice(i, width)));
            }

            return shingles;
        }

        // Surrogate pairs: a window spans Size runes, so index rune boundaries first (plus the end).
        var runes = 0;
        for (var i = 0; i < text.Length; i += i + 1 < text.Length && char.IsSurrogatePair(text[i], text[i + 1]) ? 2 : 1)
        {
            Grow(ref _runeStarts, runes + 2);
            _runeStarts[runes++] = i;
        }

        _runeStarts[runes] = text.Length;
        var runeShingles = Math.Max(1, runes - Size + 1);
        var runeWidth = Math.Min(Size, runes);
        Grow(ref _hashes, runeShingles);
        for (var i = 0; i < runeShingles; i++)
        {
            var start = _runeStarts[i];
            _hashes[i] = Hash(MemoryMarshal.AsBytes(text[start.._runeStarts[i + runeWidth]]));
        }

        return runeShingles;
    }

    private ulong Hash(ReadOnlySpan<byte> bytes) => XxHash3.HashToUInt64(bytes, Seed);

    private static int Distinct(Span<ulong> sorted)
    {
        if (sorted.IsEmpty)
        {
            return 0;
        }

        var kept = 1;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] != sorted[kept - 1])
            {
                sorted[kept++] = sorted[i];
            }
        }

        return kept;
    }

    private static void Grow<T>(ref T[] buffer, int needed)
    {
        if (buffer.Length < needed)
        {
            Array.Resize(ref buffer, Math.Max(needed, buffer.Length * 2));
        }
    }
}
