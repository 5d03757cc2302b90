using System.Text;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// Walks a per-file stage payload (<see cref="TracedRecordStream"/>, overlays included) position by position and
/// decodes one field, only of the records the caller asks for; every other value is skipped over without being
/// decoded. For passes that need one field of a few records, such as near-dup verification re-reading texts.
/// </summary>
public static class TracedFieldScanner
{
    /// <param name="entry">A per-file stage entry (full or overlay).</param>
    /// <param name="field">The schema index of the field to decode.</param>
    /// <param name="materialize">Called first for each position with whether the record is dropped: decode its field?</param>
    /// <param name="visit">Called for each position in order: (position, dropped, the field's text when decoded and a string).</param>
    public static void Scan(CacheEntry entry, int field, Func<long, bool, bool> materialize, Action<long, bool, string?> visit)
    {
        using var payload = entry.OpenPayload();
        using var buffered = new BufferedStream(payload, 1 << 16);
        using var reader = new BinaryReader(buffered, Encoding.UTF8);
        var layout = reader.ReadByte();
        if (layout == TracedRecordStream.FullLayout)
        {
            var scratch = new byte[4096];
            for (long position = 0; reader.ReadByte() == 1; position++)
            {
                var (dropped, text) = ScanRecord(reader, field, position, materialize, scratch);
                visit(position, dropped, text);
            }

            return;
        }

        if (layout != TracedRecordStream.OverlayLayout)
        {
            throw new CacheCorruptException(entry.Path, $"its layout byte {layout} is unknown");
        }

        var baseEntry = TracedRecordStream.OpenBase(entry, reader.ReadString(), reader.ReadString(), reader.ReadString());
        var (at, change) = NextChange(reader);
        Scan(
            baseEntry,
            field,
            (position, dropped) => position != at && materialize(position, dropped),
            (position, dropped, text) =>
            {
                if (position != at)
                {
                    visit(position, dropped, text);
                    return;
                }

                var changed = change!;
                visit(position, changed.Dropped, materialize(position, changed.Dropped) ? changed.Record[field] as string : null);
                (at, change) = NextChange(reader);
            });
        if (at >= 0)
        {
            throw new CacheCorruptException(entry.Path, "it changes a record past the end of its base");
        }

        buffered.CopyTo(Stream.Null); // to the end, so the payload's hash is checked
    }

    private static (long Position, TracedRecord? Record) NextChange(BinaryReader reader) =>
        reader.ReadByte() == 1 ? (reader.ReadInt64(), TracedRecordCodec.Read(reader)) : (-1, null);

    /// <summary>Skips the rest of a record in <see cref="TracedRecordCodec"/>'s layout whose id was read already.</summary>
    internal static void SkipAfterId(BinaryReader reader, byte[] scratch) => ScanAfterId(reader, -1, 0, static (_, _) => false, scratch);

    /// <summary>One record in <see cref="TracedRecordCodec"/>'s layout: its dropped flag, and the field when asked for.</summary>
    private static (bool Dropped, string? Text) ScanRecord(BinaryReader reader, int field, long position, Func<long, bool, bool> materialize, byte[] scratch)
    {
        SkipString(reader, scratch); // id
        return ScanAfterId(reader, field, position, materialize, scratch);
    }

    private static (bool Dropped, string? Text) ScanAfterId(BinaryReader reader, int field, long position, Func<long, bool, bool> materialize, byte[] scratch)
    {
        reader.ReadInt64(); // row
        SkipNullableString(reader, scratch); // label origin
        var dropped = reader.ReadBoolean();
        if (dropped)
        {
            for (var i = 0; i < 4; i++)
            {
                SkipNullableString(reader, scratch); // stage, reason, detail, duplicate of
            }
        }

        var wanted = materialize(position, dropped);
        string? text = null;
        var count = reader.ReadInt32();
        for (var i = 0; i < count; i++)
        {
            if (wanted && i == field)
            {
                text = RecordEncoding.ReadValue(reader) as string;
                continue;
            }

            switch (reader.ReadByte())
            {
                case 0:
                    break;
                case (byte)FieldType.String:
                    SkipBytes(reader, reader.Read7BitEncodedInt(), scratch);
                    break;
                case (byte)FieldType.Bool:
                    reader.ReadByte();
                    break;
                case (byte)FieldType.Int or (byte)FieldType.Float or (byte)FieldType.DateTime:
                    reader.ReadInt64();
                    break;
                case var tag:
                    throw new InvalidDataException($"unknown value tag {tag}");
            }
        }

        var assets = reader.ReadInt32();
        for (var i = 0; i < assets; i++)
        {
            Assets.AssetInfo.Read(reader); // small: read rather than skipped field by field
        }

        SkipNullableString(reader, scratch); // pii
        SkipNullableString(reader, scratch); // notes
        reader.ReadInt32(); // tokens
        var rendered = reader.ReadInt32();
        for (var i = 0; i < rendered; i++)
        {
            SkipString(reader, scratch);
        }

        return (dropped, text);
    }

    private static void SkipNullableString(BinaryReader reader, byte[] scratch)
    {
        if (reader.ReadBoolean())
        {
            SkipString(reader, scratch);
        }
    }

    private static void SkipString(BinaryReader reader, byte[] scratch) => SkipBytes(reader, reader.Read7BitEncodedInt(), scratch);

    private static void SkipBytes(BinaryReader reader, int count, byte[] scratch)
    {
        while (count > 0)
        {
            var chunk = Math.Min(count, scratch.Length);
            reader.BaseStream.ReadExactly(scratch, 0, chunk);
            count -= chunk;
        }
    }
}
