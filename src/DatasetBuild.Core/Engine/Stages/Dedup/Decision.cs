using System.Buffers;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// What the global pass decided about one kept record, applied by the render stage to the record's file:
/// drop it (with the stage, reason, detail and kept duplicate that lineage shows), give it another label,
/// or note something in its lineage. A drop names its kept duplicate by id (<see cref="DuplicateOf"/>) or, from the
/// passes over the key table, by record (<see cref="DuplicateOfRecord"/>): its id is then written from the table's
/// UTF-8 bytes, never decoded into a string. The decisions payload is written by <see cref="DecisionPayloadWriter"/>.
/// </summary>
public readonly record struct Decision(byte Kind, string Stage, string? Reason, string? Detail, string? DuplicateOf, int? DuplicateOfRecord = null)
{
    public const byte DropKind = 1, RelabelKind = 2, NoteKind = 3;

    public static Decision Drop(string stage, string reason, string? detail = null, string? duplicateOf = null) =>
        new(DropKind, stage, reason, detail, duplicateOf);

    /// <summary>A drop as a duplicate of record <paramref name="keptRecord"/> of the key table (see <see cref="DecisionPayloadWriter"/>).</summary>
    public static Decision DropAsDuplicateOf(string stage, string reason, string? detail, int keptRecord) =>
        new(DropKind, stage, reason, detail, null, keptRecord);

    /// <summary>A new label: <see cref="Detail"/> holds it, <see cref="Reason"/> the lineage label_origin.</summary>
    public static Decision Relabel(string stage, string label, string origin) => new(RelabelKind, stage, origin, label, null);

    public static Decision Note(string stage, string note) => new(NoteKind, stage, null, note, null);

    /// <summary>Skips the rest of a payload line after its kind and file: the id, the stage and the three optional strings.</summary>
    internal static void SkipRest(ref IO.SpanReader reader)
    {
        reader.ReadStringBytes(); // id
        reader.ReadStringBytes(); // stage
        for (var optional = 0; optional < 3; optional++)
        {
            if (reader.ReadBoolean())
            {
                reader.ReadStringBytes();
            }
        }
    }

    /// <summary>
    /// A short fingerprint of each file's decisions in a decisions payload (empty for a file without any): the render
    /// stage's cache key needs only its own file's. A file's lines are hashed as stored, less the file's position
    /// (which moves when files are added before it), so a file whose decisions did not change keeps its digest.
    /// </summary>
    public static string[] DigestsByFile(ReadOnlySpan<byte> payload, int files)
    {
        var lines = new Dictionary<int, ArrayBufferWriter<byte>>();
        var reader = new IO.SpanReader(payload);
        byte kind;
        while ((kind = reader.ReadByte()) != 0)
        {
            var file = reader.ReadInt32();
            var rest = reader.Position;
            SkipRest(ref reader);

            if (!lines.TryGetValue(file, out var bytes))
            {
                lines[file] = bytes = new ArrayBufferWriter<byte>();
            }

            bytes.Write([kind]);
            bytes.Write(payload[rest..reader.Position]);
        }

        var digests = new string[files];
        for (var file = 0; file < files; file++)
        {
            digests[file] = lines.TryGetValue(file, out var bytes) ? Digest(bytes.WrittenSpan) : "";
        }

        return digests;
    }

    /// <summary>
    /// <see cref="DigestsByFile(ReadOnlySpan{byte}, int)"/> of a payload just written, given where each line is in it (in order;
    /// a file's lines together): the same digests without parsing the lines again.
    /// </summary>
    public static string[] DigestsByFile(ReadOnlySpan<byte> payload, IReadOnlyList<(int File, int Start, int End)> lines, int files)
    {
        var digests = new string[files];
        Array.Fill(digests, "");
        var bytes = new ArrayBufferWriter<byte>();
        for (var i = 0; i < lines.Count; i++)
        {
            var (file, start, end) = lines[i];
            bytes.Write(payload.Slice(start, 1)); // the kind; the file's position after it is left out
            bytes.Write(payload[(start + 1 + sizeof(int))..end]);
            if (i == lines.Count - 1 || lines[i + 1].File != file)
            {
                if (digests[file].Length > 0)
                {
                    throw new ArgumentException($"the lines of file {file} are not together", nameof(lines));
                }

                digests[file] = Digest(bytes.WrittenSpan);
                bytes.ResetWrittenCount();
            }
        }

        return digests;
    }

    private static string Digest(ReadOnlySpan<byte> lines) => new StageKey("dedup-digest").Add(lines).Finish();
}
