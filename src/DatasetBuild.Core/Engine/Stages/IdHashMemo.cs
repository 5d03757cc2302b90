using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using DatasetBuild.Core.IO;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The id check's memo for one source (beside the stage state): the ingest entries of its files when every id
/// hash was unique, and those hashes, sorted. A build that only added files checks the new files' hashes against
/// them (a binary search each) instead of inserting every id again. The file carries its own CRC-32C: a damaged
/// memo is ignored, never trusted (trusting it could let two records share an id).
/// </summary>
/// <remarks>
/// Layout (little-endian): the hash count and the hashes, the file count and the files (length-prefixed UTF-8), the
/// CRC-32C of all that as 8 bytes. Hashes first, so a million of them are read straight into their array and written
/// straight from the two sorted runs being merged: no copy of 8 MB in either direction.
/// </remarks>
public sealed class IdHashMemo(HashSet<string> files, ulong[] sortedHashes)
{
    private const int MergeBlock = 8192;

    public IReadOnlySet<string> Files => files;

    public ulong[] SortedHashes => sortedHashes;

    public static string PathFor(string stateDirectory, int source) => Path.Combine(stateDirectory, $"ids-{source}.memo");

    public static IdHashMemo? TryLoad(string path)
    {
        RequireLittleEndian();
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            var length = RandomAccess.GetLength(handle);
            Span<byte> count = stackalloc byte[4];
            if (length < 16 || HandleReads.ReadFully(handle, count, 0) != 4 || BinaryPrimitives.ReadInt32LittleEndian(count) is var hashCount && hashCount < 0
                || 4 + (hashCount * 8L) + 4 + 8 > length || length - (4 + (hashCount * 8L)) > int.MaxValue)
            {
                return null;
            }

            var hashes = new ulong[hashCount];
            var hashBytes = MemoryMarshal.AsBytes(hashes.AsSpan());
            var rest = new byte[length - 4 - hashBytes.Length];
            if (HandleReads.ReadFully(handle, hashBytes, 4) != hashBytes.Length || HandleReads.ReadFully(handle, rest, 4 + hashBytes.Length) != rest.Length)
            {
                return null;
            }

            var crc = new Crc32C();
            crc.Append(count);
            crc.Append(hashBytes);
            crc.Append(rest.AsSpan(0, rest.Length - 8));
            if (crc.Value != BinaryPrimitives.ReadUInt64LittleEndian(rest.AsSpan(rest.Length - 8)))
            {
                return null;
            }

            var reader = new SpanReader(rest.AsSpan(0, rest.Length - 8));
            var fileSet = new HashSet<string>(StringComparer.Ordinal);
            for (var n = reader.ReadInt32(); n > 0; n--)
            {
                fileSet.Add(reader.ReadString());
            }

            return new IdHashMemo(fileSet, hashes);
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or InvalidDataException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null; // absent, unreadable or damaged: only a lost shortcut
        }
    }

    /// <summary>Writes a memo of <paramref name="files"/> whose hashes are the two sorted runs <paramref name="a"/> and <paramref name="b"/>, merged as they are written.</summary>
    public static void Save(string path, IEnumerable<string> files, ulong[] a, ulong[] b)
    {
        RequireLittleEndian();
        AtomicFile.Write(path, stream =>
        {
            var crc = new Crc32C();
            void Write(ReadOnlySpan<byte> bytes)
            {
                crc.Append(bytes);
                stream.Write(bytes);
            }

            Span<byte> count = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(count, a.Length + b.Length);
            Write(count);
            var block = new ulong[MergeBlock];
            int i = 0, j = 0;
            while (i < a.Length || j < b.Length)
            {
                var filled = 0;
                while (filled < block.Length && (i < a.Length || j < b.Length))
                {
                    block[filled++] = j >= b.Length || (i < a.Length && a[i] <= b[j]) ? a[i++] : b[j++];
                }

                Write(MemoryMarshal.AsBytes(block.AsSpan(0, filled)));
            }

            using var tail = new MemoryStream();
            using (var writer = new BinaryWriter(tail, Encoding.UTF8, leaveOpen: true))
            {
                var sorted = files.Order(StringComparer.Ordinal).ToList();
                writer.Write(sorted.Count);
                foreach (var file in sorted)
                {
                    writer.Write(file);
                }
            }

            Write(tail.GetBuffer().AsSpan(0, (int)tail.Length));
            Span<byte> checksum = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(checksum, crc.Value);
            stream.Write(checksum);
        }, durable: false); // its checksum finds a torn one
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the id memo is read and written little-endian");
        }
    }
}
