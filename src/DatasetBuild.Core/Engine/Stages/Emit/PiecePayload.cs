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
    /// The sections in order. The whole payload is read (and its hash checked) before the first is handed out, so a
    /// damaged piece is a <see cref="CacheCorruptException"/> before any of it reaches an output; so is a piece
    /// without exactly <paramref name="sections"/> sections (null: a piece of another version, any number). A section's
    /// bytes are valid only until the enumeration moves on or ends.
    /// </summary>
    public static IEnumerable<PieceSection> Read(CacheEntry entry, int? sections)
    {
        using var payload = PooledPayload.Read(entry);
        foreach (var section in Sections(payload, sections))
        {
            yield return section;
        }
    }

    /// <summary>The sections of a piece already read whole; their bytes are valid while <paramref name="payload"/> is.</summary>
    public static IEnumerable<PieceSection> Sections(PooledPayload payload, int? sections)
    {
        var length = payload.Length;
        var at = 0;
        var count = Int(payload, ref at);
        if (sections is { } expected ? count != expected : count < 1)
        {
            throw new CacheCorruptException(payload.Path, $"it has {count} sections, not {sections?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "one or more"}");
        }

        for (var i = 0; i < count; i++)
        {
            var size = Int(payload, ref at);
            if (size < 0 || at + size > length)
            {
                throw new CacheCorruptException(payload.Path, "a section runs past its end");
            }

            yield return new PieceSection(i, count, payload.Memory.Slice(at, size));
            at += size;
        }
    }

    private static int Int(PooledPayload payload, ref int at)
    {
        if (at + 4 > payload.Length)
        {
            throw new CacheCorruptException(payload.Path, "it ends inside a section length");
        }

        var value = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(payload.Span[at..]);
        at += 4;
        return value;
    }
}

/// <summary>Section <see cref="Index"/> of the <see cref="Count"/> in a piece, and its bytes.</summary>
public readonly record struct PieceSection(int Index, int Count, ReadOnlyMemory<byte> Bytes)
{
    public bool IsLast => Index == Count - 1;
}
