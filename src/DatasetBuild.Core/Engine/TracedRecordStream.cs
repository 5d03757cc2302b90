using System.Text;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// Per-file stage payloads: <see cref="TracedRecord"/>s in source row order, each preceded by a 1 byte,
/// the sequence closed by a 0 byte (so a reader never needs the count up front).
/// </summary>
public static class TracedRecordStream
{
    public static void Write(Stream payload, IEnumerable<TracedRecord> records)
    {
        using var buffered = new BufferedStream(payload, 1 << 16);
        using var writer = new BinaryWriter(buffered, Encoding.UTF8, leaveOpen: true);
        foreach (var record in records)
        {
            writer.Write((byte)1);
            TracedRecordCodec.Write(writer, record);
        }

        writer.Write((byte)0);
        writer.Flush();
        buffered.Flush();
    }

    public static IEnumerable<TracedRecord> Read(CacheEntry entry)
    {
        using var payload = entry.OpenPayload();
        using var buffered = new BufferedStream(payload, 1 << 16);
        using var reader = new BinaryReader(buffered, Encoding.UTF8);
        while (reader.ReadByte() == 1)
        {
            yield return TracedRecordCodec.Read(reader);
        }
    }
}
