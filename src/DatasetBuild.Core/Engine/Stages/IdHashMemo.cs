using System.Buffers.Binary;
using System.IO.Hashing;
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
public sealed class IdHashMemo(HashSet<string> files, ulong[] sortedHashes)
{
    public IReadOnlySet<string> Files => files;

    public ulong[] SortedHashes => sortedHashes;

    public static string PathFor(string stateDirectory, int source) => Path.Combine(stateDirectory, $"ids-{source}.memo");

    public static IdHashMemo? TryLoad(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var bytes = File.ReadAllBytes(path);
            if (bytes.Length < 8 || Crc32C.Of(bytes.AsSpan(0, bytes.Length - 8)) != BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8)))
            {
                return null;
            }

            var reader = new SpanReader(bytes.AsSpan(0, bytes.Length - 8));
            var fileSet = new HashSet<string>(StringComparer.Ordinal);
            for (var n = reader.ReadInt32(); n > 0; n--)
            {
                fileSet.Add(reader.ReadString());
            }

            var hashes = new ulong[reader.ReadInt32()];
            reader.Take(checked(hashes.Length * sizeof(ulong))).CopyTo(MemoryMarshal.AsBytes(hashes.AsSpan())); // little-endian, as written
            if (!BitConverter.IsLittleEndian)
            {
                BinaryPrimitives.ReverseEndianness(hashes, hashes);
            }

            return new IdHashMemo(fileSet, hashes);
        }
        catch (Exception ex) when (ex is IOException or EndOfStreamException or InvalidDataException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    public void Save(string path)
    {
        using var content = new MemoryStream();
        using (var writer = new BinaryWriter(content, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(files.Count);
            foreach (var file in files.Order(StringComparer.Ordinal))
            {
                writer.Write(file);
            }

            writer.Write(sortedHashes.Length);
            if (BitConverter.IsLittleEndian)
            {
                writer.Write(MemoryMarshal.AsBytes(sortedHashes.AsSpan()));
            }
            else
            {
                foreach (var hash in sortedHashes)
                {
                    writer.Write(hash);
                }
            }

            writer.Write((ulong)Crc32C.Of(content.GetBuffer().AsSpan(0, (int)content.Length)));
        }

        AtomicFile.WriteAllBytes(path, content.GetBuffer().AsSpan(0, (int)content.Length), durable: false); // its checksum finds a torn one

    }
}
