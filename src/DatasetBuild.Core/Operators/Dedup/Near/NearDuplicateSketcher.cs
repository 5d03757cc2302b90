namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// The per-record work of <c>dedup.near</c>: normalised text → shingles → MinHash signature → band keys,
/// reusing its buffers, so nothing is allocated per record but the returned key array (and not even that with
/// <see cref="TryWriteBandKeys"/>). Not thread-safe: use one instance per thread.
/// </summary>
public sealed class NearDuplicateSketcher
{
    private readonly Shingler _shingler;
    private readonly MinHasher _minHasher;
    private readonly uint[] _signature;
    private readonly long _seed;

    public NearDuplicateSketcher(NearDuplicateOptions options)
        : this(options, options.ResolveLsh())
    {
    }

    public NearDuplicateSketcher(NearDuplicateOptions options, LshParameters lsh)
    {
        if ((long)lsh.Bands * lsh.Rows > options.Permutations)
        {
            throw new ArgumentException($"bands × rows ({lsh.Bands} × {lsh.Rows}) is more than the {options.Permutations} permutations", nameof(lsh));
        }

        _shingler = new Shingler(options.Unit, options.NGram, options.Seed);
        _minHasher = new MinHasher(options.Permutations, options.Seed);
        _signature = new uint[options.Permutations];
        _seed = options.Seed;
        Lsh = lsh;
    }

    public LshParameters Lsh { get; }

    /// <summary>The band keys of a normalised text; an empty array when it has no shingles.</summary>
    public ulong[] BandKeysOf(ReadOnlySpan<char> normalizedText)
    {
        var keys = new ulong[Lsh.Bands];
        return TryWriteBandKeys(normalizedText, keys) ? keys : [];
    }

    /// <summary>Writes the band keys of a normalised text; false (and nothing written) when it has no shingles.</summary>
    public bool TryWriteBandKeys(ReadOnlySpan<char> normalizedText, Span<ulong> keys)
    {
        var signature = SignatureOf(normalizedText);
        if (signature.IsEmpty)
        {
            return false;
        }

        BandKeys.Write(signature, Lsh, _seed, keys);
        return true;
    }

    /// <summary>The MinHash signature of a normalised text (valid until the next call); empty when it has no shingles.</summary>
    public ReadOnlySpan<uint> SignatureOf(ReadOnlySpan<char> normalizedText)
    {
        var shingles = _shingler.Hashes(normalizedText);
        if (shingles.IsEmpty)
        {
            return [];
        }

        _minHasher.Sign(shingles, _signature);
        return _signature;
    }

    /// <summary>The sorted distinct shingle hashes of a normalised text as a new array, for verification.</summary>
    public ulong[] ShingleSetOf(ReadOnlySpan<char> normalizedText) => _shingler.SortedSetArray(normalizedText);
}
