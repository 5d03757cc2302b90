using System.Text;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// Walks a per-file stage payload (<see cref="TracedRecordStream"/>, overlays included) and decodes only the records
/// whose id is wanted, with their positions; the others are skipped over once their id is read. For a stage that
/// changes a few known records of a file (render applying dedup decisions) and writes an overlay of them.
/// </summary>
public static class TracedRecordSelector
{
    public static IEnumerable<(long Position, TracedRecord Record)> Select(CacheEntry entry, Func<string, bool> wanted)
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
                var id = RecordEncoding.ReadString(reader);
                if (wanted(id))
                {
                    yield return (position, TracedRecordCodec.ReadAfterId(reader, id));
                }
                else
                {
                    TracedFieldScanner.SkipAfterId(reader, scratch);
                }
            }

            yield break;
        }

        if (layout != TracedRecordStream.OverlayLayout)
        {
            throw new CacheCorruptException(entry.Path, $"its layout byte {layout} is unknown");
        }

        // The overlay's records replace the base's at their positions, whatever the base's ids were.
        var baseEntry = TracedRecordStream.OpenBase(entry, reader.ReadString(), reader.ReadString(), reader.ReadString());
        var changes = new List<(long Position, TracedRecord Record)>();
        while (reader.ReadByte() == 1)
        {
            changes.Add((reader.ReadInt64(), TracedRecordCodec.Read(reader)));
        }

        buffered.CopyTo(Stream.Null); // to the end, so the payload's hash is checked
        var next = 0;
        foreach (var (position, record) in Select(baseEntry, wanted))
        {
            for (; next < changes.Count && changes[next].Position < position; next++)
            {
                if (wanted(changes[next].Record.Record.Id))
                {
                    yield return changes[next];
                }
            }

            if (next < changes.Count && changes[next].Position == position)
            {
                continue; // replaced; the change is yielded by the loop above or below
            }

            yield return (position, record);
        }

        for (; next < changes.Count; next++)
        {
            if (wanted(changes[next].Record.Record.Id))
            {
                yield return changes[next];
            }
        }
    }
}
