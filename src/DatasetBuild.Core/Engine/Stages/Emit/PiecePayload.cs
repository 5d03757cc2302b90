namespace DatasetBuild.Core.Engine.Stages.Emit;

/// <summary>
/// The cache payload of one piece of an emit job: its sections in a fixed order — one per output file (a Parquet
/// part or JSON lines, empty when the piece has no record for it), then lineage (a Parquet part), then the
/// record index (see <see cref="Provenance.RecordIndex"/>). Each is a length and its bytes.
/// </summary>
public static class PiecePayload
{
    public static void Write(Stream payload, IReadOnlyList<ReadOnlyMemory<byte>> sections)
    {
        using var writer = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(sections.Count);
        foreach (var section in sections)
        {
            writer.Write(section.Length);
            writer.Write(section.Span);
        }
    }

    /// <summary>
    /// The sections in order, read one at a time into a pooled buffer: a section is valid only until the next is
    /// read. The entry's hash is checked when the last has been read, so a corrupt piece throws
    /// <see cref="CacheCorruptException"/> before the caller finishes with it.
    /// </summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Read(CacheEntry entry)
    {
        using var payload = entry.OpenPayload();
        using var reader = new BinaryReader(payload);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var length = reader.ReadInt32();
                if (length < 0 || length > entry.PayloadLength)
                {
                    throw new CacheCorruptException(entry.Path, "a section length is out of range");
                }

                if (length > buffer.Length)
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                    buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
                }

                payload.ReadExactly(buffer, 0, length);
                if (i == count - 1)
                {
                    payload.CopyTo(Stream.Null); // reach the end: the hash is checked
                }

                yield return buffer.AsMemory(0, length);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
