using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace DatasetBuild.Core.IO;

/// <summary>
/// A 128-bit hash (XxHash128 of some bytes, or the first half of a sha256) as two 64-bit halves. The engine keys
/// dedup, splits and the record index by these on every build; with <see cref="UInt128"/> instead, none of that code
/// is precompiled (crossgen2 leaves every method that touches Int128/UInt128 to the JIT) and short incremental
/// builds ran it unoptimised. The memory layout is <see cref="UInt128"/>'s (low half first), so payloads that store
/// keys as raw little-endian bytes read the same.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly struct Hash128(ulong high, ulong low) : IEquatable<Hash128>
{
    public const int Size = 16;

    private readonly ulong _low = low;
    private readonly ulong _high = high;

    public ulong High => _high;

    public ulong Low => _low;

    /// <summary>The XxHash128 of <paramref name="data"/> (seed 0), the value <see cref="XxHash128.HashToUInt128"/> gives.</summary>
    public static Hash128 Of(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[Size];
        XxHash128.Hash(data, hash);
        return FromBigEndian(hash);
    }

    /// <summary>The hash of what <paramref name="hasher"/> has been given so far.</summary>
    public static Hash128 CurrentOf(XxHash128 hasher)
    {
        Span<byte> hash = stackalloc byte[Size];
        hasher.GetCurrentHash(hash);
        return FromBigEndian(hash);
    }

    /// <summary>The first 32 hex digits of <paramref name="hex"/> (a sha256, say) as a number.</summary>
    public static Hash128 ParseHex(ReadOnlySpan<char> hex) => new(
        ulong.Parse(hex[..16], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
        ulong.Parse(hex[16..32], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));

    /// <summary>XxHash128 writes its digest big-endian, high half first.</summary>
    private static Hash128 FromBigEndian(ReadOnlySpan<byte> digest) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(digest), BinaryPrimitives.ReadUInt64BigEndian(digest[8..]));

    public bool Equals(Hash128 other) => _low == other._low && _high == other._high;

    public override bool Equals(object? obj) => obj is Hash128 other && Equals(other);

    /// <summary>The low bits of a content hash are already uniform.</summary>
    public override int GetHashCode() => (int)(_low ^ (_low >> 32));

    public override string ToString() => _high.ToString("x16", CultureInfo.InvariantCulture) + _low.ToString("x16", CultureInfo.InvariantCulture);

    public static bool operator ==(Hash128 left, Hash128 right) => left.Equals(right);

    public static bool operator !=(Hash128 left, Hash128 right) => !left.Equals(right);
}
