using System.Buffers.Binary;
using DatasetBuild.Core.IO;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// A cache entry: a payload, the XxHash128 of that payload (its content hash: what other keys name it by) and its
/// CRC-32C (what a read checks it against), from its trailer.
/// </summary>
/// <remarks>
/// Two hashes because they serve two ends. The content hash names content, so it is 128 bits. The check runs over
/// every byte every build reads, so it must be fast from a build's first second: CRC-32C is one processor instruction
/// per eight bytes (<see cref="Crc32C"/>), where XxHash128 runs unoptimised for most of a short build (its vector
/// code is compiled just in time, and a short build's methods rarely reach the optimised tier). The trailer keeps
/// 8 bytes for it.
/// </remarks>
public sealed record CacheEntry(string Path, long PayloadLength, string ContentHash, ulong Checksum, bool Hit)
{
    /// <summary>Payload length, XxHash128 of the payload, CRC-32C of the payload (8 bytes), magic.</summary>
    public const int TrailerLength = 8 + 16 + 8 + 8;

    private static readonly byte[] Magic = "DSBCACHE"u8.ToArray();

    /// <summary>The entry's cache key (its file name).</summary>
    public string Key => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>
    /// A read-only view of the payload. It checksums what is read and, on reaching the end, throws
    /// <see cref="CacheCorruptException"/> when the bytes do not match the entry's CRC-32C.
    /// </summary>
    public Stream OpenPayload()
    {
        var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16);
        return new VerifyingStream(new BoundedStream(file, PayloadLength), PayloadLength, Checksum, Path);
    }

    /// <summary>The path of another entry of the same cache (<c>&lt;root&gt;/&lt;kind&gt;/&lt;key[0..2]&gt;/&lt;key&gt;.dsbc</c>).</summary>
    public string SiblingPath(string kind, string key)
    {
        var root = System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(System.IO.Path.GetDirectoryName(Path)))!;
        return System.IO.Path.Combine(root, kind, key[..2], key + ".dsbc");
    }

    /// <summary>
    /// Reads an entry's trailer: the entry, or null with the reason when the file is missing (reason null) or its
    /// trailer is damaged. The payload itself is verified as it is streamed.
    /// </summary>
    public static CacheEntry? TryOpen(string path, out string? damage)
    {
        damage = null;
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            // A handle and one positioned read: a stage looks up thousands of entries, and a FileStream's set-up
            // costs more than the read.
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            var length = RandomAccess.GetLength(handle);
            if (length < TrailerLength)
            {
                damage = "it is shorter than its trailer";
                return null;
            }

            Span<byte> trailer = stackalloc byte[TrailerLength];
            if (HandleReads.ReadFully(handle, trailer, length - TrailerLength) != TrailerLength)
            {
                damage = "its trailer could not be read";
                return null;
            }

            return FromTrailer(path, trailer, length, out damage);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (IOException ex)
        {
            damage = ex.Message;
            return null;
        }
    }

    /// <summary>The entry a trailer describes, or null with the reason when the trailer is damaged.</summary>
    public static CacheEntry? FromTrailer(string path, ReadOnlySpan<byte> trailer, long fileLength, out string? damage)
    {
        damage = null;
        var payloadLength = BinaryPrimitives.ReadInt64LittleEndian(trailer);
        if (!trailer[32..].SequenceEqual(Magic) || payloadLength != fileLength - TrailerLength)
        {
            damage = "its trailer is damaged";
            return null;
        }

        return new CacheEntry(path, payloadLength, Convert.ToHexStringLower(trailer.Slice(8, 16)), BinaryPrimitives.ReadUInt64LittleEndian(trailer[24..]), Hit: true);
    }

    /// <summary>The trailer written after a payload of <paramref name="length"/> bytes with hash <paramref name="hash"/> and CRC-32C <paramref name="checksum"/>.</summary>
    public static byte[] Trailer(long length, byte[] hash, ulong checksum)
    {
        var trailer = new byte[TrailerLength];
        BinaryPrimitives.WriteInt64LittleEndian(trailer, length);
        hash.CopyTo(trailer, 8);
        BinaryPrimitives.WriteUInt64LittleEndian(trailer.AsSpan(24), checksum);
        Magic.CopyTo(trailer, 32);
        return trailer;
    }
}
