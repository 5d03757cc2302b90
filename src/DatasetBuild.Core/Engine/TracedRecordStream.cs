using System.Text;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// Per-file stage payloads, in one of two layouts told apart by their first byte:
/// <list type="bullet">
/// <item>full (<c>F</c>): every <see cref="TracedRecord"/> of the file in source row order, each preceded by a 1
/// byte, the sequence closed by a 0 byte (so a reader never needs the count up front);</item>
/// <item>overlay (<c>O</c>): the kind, key and content hash of a base entry (the stage's upstream entry), then only
/// the records that differ from the base's record at the same position, each as a 1 byte, its position and the
/// record, closed by a 0 byte.</item>
/// </list>
/// A stage that changes few of a file's records writes an overlay, so passing records through unchanged costs a
/// few bytes instead of a copy of every record. Reading an overlay streams its base and substitutes the changed
/// records; a missing or changed base makes the overlay a corrupt entry (rebuilt like any other).
/// </summary>
public static class TracedRecordStream
{
    internal const byte FullLayout = (byte)'F';
    internal const byte OverlayLayout = (byte)'O';

    /// <summary>Records looked at before choosing the layout: when more than a quarter of them changed, the full layout is written.</summary>
    private const int Probe = 256;

    /// <summary>Writes every record (the full layout).</summary>
    public static void Write(Stream payload, IEnumerable<TracedRecord> records)
    {
        using var buffered = new BufferedStream(payload, 1 << 16);
        using var writer = new BinaryWriter(buffered, Encoding.UTF8, leaveOpen: true);
        writer.Write(FullLayout);
        foreach (var record in records)
        {
            writer.Write((byte)1);
            TracedRecordCodec.Write(writer, record);
        }

        writer.Write((byte)0);
        writer.Flush();
        buffered.Flush();
    }

    /// <summary>
    /// Writes a stage's result from its upstream entry's records, each flagged with whether the stage changed it:
    /// an overlay on <paramref name="baseEntry"/>, or the full layout when many of the first records changed.
    /// The choice depends only on the records, so the same input always gives the same bytes.
    /// </summary>
    public static void WriteDerived(Stream payload, string baseKind, CacheEntry baseEntry, IEnumerable<(TracedRecord Record, bool Changed)> records)
    {
        using var buffered = new BufferedStream(payload, 1 << 16);
        using var writer = new BinaryWriter(buffered, Encoding.UTF8, leaveOpen: true);
        using var rest = records.GetEnumerator();
        var probe = new List<(TracedRecord Record, bool Changed)>(Probe);
        while (probe.Count < Probe && rest.MoveNext())
        {
            probe.Add(rest.Current);
        }

        if (probe.Count(p => p.Changed) * 4 > probe.Count)
        {
            writer.Write(FullLayout);
            foreach (var (record, _) in probe)
            {
                writer.Write((byte)1);
                TracedRecordCodec.Write(writer, record);
            }

            while (rest.MoveNext())
            {
                writer.Write((byte)1);
                TracedRecordCodec.Write(writer, rest.Current.Record);
            }
        }
        else
        {
            writer.Write(OverlayLayout);
            writer.Write(baseKind);
            writer.Write(baseEntry.Key);
            writer.Write(baseEntry.ContentHash);
            long position = 0;
            foreach (var (record, changed) in probe)
            {
                WriteChange(writer, position++, record, changed);
            }

            while (rest.MoveNext())
            {
                WriteChange(writer, position++, rest.Current.Record, rest.Current.Changed);
            }
        }

        writer.Write((byte)0);
        writer.Flush();
        buffered.Flush();
    }

    /// <summary>An overlay of the given changed records (in ascending position) on <paramref name="baseEntry"/>.</summary>
    public static void WriteOverlay(Stream payload, string baseKind, CacheEntry baseEntry, IEnumerable<(long Position, TracedRecord Record)> changes)
    {
        using var buffered = new BufferedStream(payload, 1 << 16);
        using var writer = new BinaryWriter(buffered, Encoding.UTF8, leaveOpen: true);
        writer.Write(OverlayLayout);
        writer.Write(baseKind);
        writer.Write(baseEntry.Key);
        writer.Write(baseEntry.ContentHash);
        foreach (var (position, record) in changes)
        {
            WriteChange(writer, position, record, changed: true);
        }

        writer.Write((byte)0);
        writer.Flush();
        buffered.Flush();
    }

    /// <summary>An overlay that changes nothing, written without reading the base.</summary>
    public static void WriteUnchanged(Stream payload, string baseKind, CacheEntry baseEntry) => WriteDerived(payload, baseKind, baseEntry, []);

    public static IEnumerable<TracedRecord> Read(CacheEntry entry)
    {
        using var payload = entry.OpenPayload();
        using var buffered = new BufferedStream(payload, 1 << 16);
        using var reader = new BinaryReader(buffered, Encoding.UTF8);
        var layout = reader.ReadByte();
        if (layout == FullLayout)
        {
            while (reader.ReadByte() == 1)
            {
                yield return TracedRecordCodec.Read(reader);
            }

            yield break;
        }

        if (layout != OverlayLayout)
        {
            throw new CacheCorruptException(entry.Path, $"its layout byte {layout} is unknown");
        }

        var baseEntry = OpenBase(entry, reader.ReadString(), reader.ReadString(), reader.ReadString());
        var (at, change) = NextChange(reader);
        long position = 0;
        foreach (var record in Read(baseEntry))
        {
            if (position++ == at)
            {
                yield return change!;
                (at, change) = NextChange(reader);
            }
            else
            {
                yield return record;
            }
        }

        if (at >= 0)
        {
            throw new CacheCorruptException(entry.Path, "it changes a record past the end of its base");
        }
    }

    /// <summary>Whether every base an overlay stands on is still in the cache with the content it was written on (reads headers only).</summary>
    public static bool BasesExist(CacheEntry entry)
    {
        if (Header(entry) is not { } header)
        {
            return false;
        }

        if (header.Layout != OverlayLayout)
        {
            return header.Layout == FullLayout;
        }

        return CacheEntry.TryOpen(entry.SiblingPath(header.Kind!, header.Key!), out _) is { } baseEntry && baseEntry.ContentHash == header.Hash && BasesExist(baseEntry);
    }

    /// <summary>The entries an overlay stands on directly (none for a full entry or another kind of payload); reads the header only.</summary>
    public static IEnumerable<CacheEntry> BasesOf(CacheEntry entry) =>
        Header(entry) is { Layout: OverlayLayout } header && CacheEntry.TryOpen(entry.SiblingPath(header.Kind!, header.Key!), out _) is { } baseEntry
            ? [baseEntry]
            : [];

    /// <summary>
    /// A payload's layout byte and, for an overlay, the kind, key and content hash of its base; null when the file
    /// is unreadable, has no payload, or its header does not read (another kind of payload, or damage).
    /// </summary>
    private static (byte Layout, string? Kind, string? Key, string? Hash)? Header(CacheEntry entry)
    {
        try
        {
            using var stream = new FileStream(entry.Path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 512);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (stream.Length <= CacheEntry.TrailerLength)
            {
                return null;
            }

            var layout = reader.ReadByte();
            return layout == OverlayLayout ? (layout, reader.ReadString(), reader.ReadString(), reader.ReadString()) : (layout, null, null, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    private static void WriteChange(BinaryWriter writer, long position, TracedRecord record, bool changed)
    {
        if (changed)
        {
            writer.Write((byte)1);
            writer.Write(position);
            TracedRecordCodec.Write(writer, record);
        }
    }

    private static (long Position, TracedRecord? Record) NextChange(BinaryReader reader) =>
        reader.ReadByte() == 1 ? (reader.ReadInt64(), TracedRecordCodec.Read(reader)) : (-1, null);

    internal static CacheEntry OpenBase(CacheEntry overlay, string kind, string key, string hash)
    {
        var baseEntry = CacheEntry.TryOpen(overlay.SiblingPath(kind, key), out _)
            ?? throw new CacheCorruptException(overlay.Path, $"its base entry ({kind} {key}) is missing");
        return baseEntry.ContentHash == hash
            ? baseEntry
            : throw new CacheCorruptException(overlay.Path, $"its base entry ({kind} {key}) changed");
    }
}
