namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// A decisions payload (<see cref="DecisionPayloadWriter"/>) read whole, where each file's lines start found by one scan that
/// skips over their strings; a file's decisions are decoded when the render stage asks for them. A build that renders
/// ten new files then decodes theirs, not the hundred thousand decisions of a million-record dataset.
/// </summary>
public sealed class DecisionsByFile
{
    private readonly byte[] _payload;
    private readonly Dictionary<int, List<int>> _lines = [];

    private DecisionsByFile(byte[] payload)
    {
        _payload = payload;
        var reader = new IO.SpanReader(payload);
        while (true)
        {
            var start = reader.Position;
            if (reader.ReadByte() == 0)
            {
                break;
            }

            var file = reader.ReadInt32();
            Decision.SkipRest(ref reader);

            if (!_lines.TryGetValue(file, out var starts))
            {
                _lines[file] = starts = [];
            }

            starts.Add(start);
        }
    }

    /// <summary>Reads the payload of <paramref name="entry"/>, checking it against its checksum.</summary>
    public static DecisionsByFile Read(CacheEntry entry)
    {
        var payload = new byte[entry.PayloadLength];
        using (var stream = entry.OpenPayload())
        {
            stream.ReadExactly(payload); // reading to the end checks the checksum
        }

        return new DecisionsByFile(payload);
    }

    /// <summary>The decisions about file <paramref name="file"/>'s records, by record id (empty when there are none). Thread-safe.</summary>
    public Dictionary<string, Decision> For(int file)
    {
        var decisions = new Dictionary<string, Decision>(StringComparer.Ordinal);
        foreach (var start in _lines.GetValueOrDefault(file) ?? [])
        {
            var reader = new IO.SpanReader(_payload.AsSpan(start));
            var kind = reader.ReadByte();
            reader.ReadInt32();
            var id = reader.ReadString();
            decisions[id] = new Decision(kind, reader.ReadString(), ReadNullable(ref reader), ReadNullable(ref reader), ReadNullable(ref reader));
        }

        return decisions;
    }

    private static string? ReadNullable(ref IO.SpanReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
