using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using DatasetBuild.Core.IO;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// One file's dedup keys as columns, the payload of a <c>dedup-keys</c> entry: gathered record by record when the
/// file's keys are computed, then appended to the <see cref="KeyTable"/> a column at a time, mostly by copying
/// bytes, so loading a million records' keys is a few copies per file rather than a parse per record.
/// </summary>
/// <remarks>
/// Layout (little-endian): count, column flags, ids (byte length, each id's end, the UTF-8 bytes), rows, then each
/// present column: a key column is a presence byte per record and 16 bytes per record; labels and each value
/// field are a string table and an index per record (-1: none); near is each record's text length, a has-bands byte
/// per record, the band count and every record's bands; dHash is a presence byte and 8 bytes per record.
/// </remarks>
public sealed class KeyColumns(int valueFields, int bandCount)
{
    private const byte ExactColumn = 1, CaptionColumn = 2, NearColumn = 4, AssetColumn = 8, DHashColumn = 16, LabelColumn = 32;

    private readonly List<int> _idEnds = [];
    private readonly MemoryStream _idBytes = new();
    private readonly List<long> _rows = [];
    private readonly KeyColumn<Hash128> _exact = new(), _captions = new(), _assets = new();
    private readonly KeyColumn<ulong> _dhashes = new();
    private readonly StringColumn _labels = new();
    private readonly StringColumn[] _values = [.. Enumerable.Range(0, valueFields).Select(_ => new StringColumn())];
    private readonly List<int> _lengths = [];
    private readonly List<byte> _hasBands = [];
    private readonly List<ulong> _bands = [];
    private byte _columns;

    public int Count => _rows.Count;

    /// <summary>Adds a record's keys. <paramref name="bands"/> is null without dedup.near, empty when its text has none.</summary>
    public void Add(string id, long row, Hash128? exact, Hash128? caption, string? label, bool hasLabel, IReadOnlyList<string?> values, int? nearLength, ReadOnlySpan<ulong> bands, bool hasBands, Hash128? asset, ulong? dhash)
    {
        _idBytes.Write(Encoding.UTF8.GetBytes(id));
        _idEnds.Add((int)_idBytes.Length);
        _rows.Add(row);
        _exact.Add(exact);
        _captions.Add(caption);
        _assets.Add(asset);
        _columns |= (byte)((exact.HasValue ? ExactColumn : 0) | (caption.HasValue ? CaptionColumn : 0) | (asset.HasValue ? AssetColumn : 0)
            | (dhash.HasValue ? DHashColumn : 0) | (nearLength.HasValue ? NearColumn : 0) | (hasLabel ? LabelColumn : 0));
        _labels.Add(label);
        for (var v = 0; v < _values.Length; v++)
        {
            _values[v].Add(values[v]);
        }

        _lengths.Add(nearLength ?? 0);
        _hasBands.Add((byte)(hasBands ? 1 : 0));
        if (bandCount > 0)
        {
            if (hasBands)
            {
                _bands.AddRange(bands);
            }
            else
            {
                _bands.AddRange(new ulong[bandCount]);
            }
        }

        _dhashes.Add(dhash);
    }

    public void WriteTo(BinaryWriter writer)
    {
        RequireLittleEndian();
        writer.Write(Count);
        writer.Write(_columns);
        writer.Write((int)_idBytes.Length);
        writer.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_idEnds)));
        writer.Write(_idBytes.GetBuffer().AsSpan(0, (int)_idBytes.Length));
        writer.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_rows)));
        WriteIf(ExactColumn, _exact.WriteTo);
        WriteIf(CaptionColumn, _captions.WriteTo);
        WriteIf(LabelColumn, _labels.WriteTo);
        foreach (var values in _values)
        {
            values.WriteTo(writer);
        }

        WriteIf(NearColumn, w =>
        {
            w.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_lengths)));
            w.Write(CollectionsMarshal.AsSpan(_hasBands));
            w.Write(bandCount);
            w.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_bands)));
        });
        WriteIf(AssetColumn, _assets.WriteTo);
        WriteIf(DHashColumn, _dhashes.WriteTo);

        void WriteIf(byte column, Action<BinaryWriter> write)
        {
            if ((_columns & column) != 0)
            {
                write(writer);
            }
        }
    }

    /// <summary>
    /// Appends a payload written by <see cref="WriteTo"/> to <paramref name="table"/>, its records in file
    /// <paramref name="file"/>; <paramref name="valueFields"/> are the names of the value fields, in the order they were
    /// added. Of the optional columns only the <paramref name="wanted"/> ones are filled: the others stay empty.
    /// </summary>
    public static void AppendTo(KeyTable table, ReadOnlySpan<byte> payload, int file, IReadOnlyList<string> valueFields, KeyTableColumns wanted)
    {
        RequireLittleEndian();
        var reader = new SpanReader(payload);
        var count = reader.ReadInt32();
        var columns = reader.ReadByte();
        if (count < 0)
        {
            throw new InvalidDataException($"a key file cannot hold {count} records");
        }

        var idBytes = reader.ReadInt32();
        table.Ids.AddRange(MemoryMarshal.Cast<byte, int>(reader.Take(count * sizeof(int))), reader.Take(idBytes));
        Fill(table.Files, count).Fill(file);
        var rows = reader.Take(count * sizeof(long));
        if (wanted.HasFlag(KeyTableColumns.LabelsAndRows))
        {
            rows.CopyTo(MemoryMarshal.AsBytes(Fill(table.Rows, count)));
        }

        KeyColumn<Hash128>.Read(ref reader, count, (columns & ExactColumn) != 0, table.Exact);
        KeyColumn<Hash128>.Read(ref reader, count, (columns & CaptionColumn) != 0, wanted.HasFlag(KeyTableColumns.Captions) ? table.Captions : null);
        StringColumn.Read(ref reader, (columns & LabelColumn) != 0, count, wanted.HasFlag(KeyTableColumns.LabelsAndRows) ? table.Labels : null);
        foreach (var name in valueFields)
        {
            if (!table.Values.TryGetValue(name, out var column))
            {
                table.Values.Add(name, column = []);
            }

            StringColumn.Read(ref reader, true, count, column);
        }

        var near = wanted.HasFlag(KeyTableColumns.Near);
        var lengths = near ? Fill(table.Lengths, count) : default;
        if ((columns & NearColumn) != 0)
        {
            var lengthBytes = reader.Take(count * sizeof(int));
            var hasBands = reader.Take(count);
            var bandCount = reader.ReadInt32();
            var all = MemoryMarshal.Cast<byte, ulong>(reader.Take(checked(count * bandCount * sizeof(ulong))));
            if (near)
            {
                if (bandCount != table.Bands.Bands)
                {
                    throw new InvalidDataException($"a key file has {bandCount} LSH bands, not {table.Bands.Bands}");
                }

                lengthBytes.CopyTo(MemoryMarshal.AsBytes(lengths));
                table.Bands.AddRange(hasBands, all);
            }
        }
        else if (near)
        {
            lengths.Clear();
            table.Bands.AddNone(count);
        }

        var assets = wanted.HasFlag(KeyTableColumns.Assets);
        KeyColumn<Hash128>.Read(ref reader, count, (columns & AssetColumn) != 0, assets ? table.AssetHashes : null);
        KeyColumn<ulong>.Read(ref reader, count, (columns & DHashColumn) != 0, assets ? table.DHashes : null);

        if (!reader.AtEnd)
        {
            throw new InvalidDataException("a key file has bytes after its last column");
        }
    }

    /// <summary>Grows <paramref name="list"/> by <paramref name="count"/> items; returns them to be filled.</summary>
    private static Span<T> Fill<T>(List<T> list, int count)
    {
        var before = list.Count;
        CollectionsMarshal.SetCount(list, before + count);
        return CollectionsMarshal.AsSpan(list).Slice(before, count);
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("dedup key entries are written little-endian");
        }
    }

    /// <summary>An optional fixed-size key per record (a 128-bit hash, a 64-bit dHash): a presence byte and the value.</summary>
    private sealed class KeyColumn<T>
        where T : unmanaged
    {
        private readonly List<byte> _present = [];
        private readonly List<T> _values = [];

        public void Add(T? key)
        {
            _present.Add((byte)(key.HasValue ? 1 : 0));
            _values.Add(key ?? default);
        }

        public void WriteTo(BinaryWriter writer)
        {
            writer.Write(CollectionsMarshal.AsSpan(_present));
            writer.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_values)));
        }

        /// <summary>Reads a column of <paramref name="count"/> keys (if <paramref name="written"/>) into a list, or past it (list null).</summary>
        public static void Read(ref SpanReader reader, int count, bool written, List<T?>? list)
        {
            var into = list is null ? default : Fill(list, count);
            if (!written)
            {
                into.Clear();
                return;
            }

            var present = reader.Take(count);
            var values = MemoryMarshal.Cast<byte, T>(reader.Take(count * Unsafe.SizeOf<T>()));
            for (var n = 0; n < into.Length; n++)
            {
                into[n] = present[n] != 0 ? values[n] : null;
            }
        }
    }

    /// <summary>An optional string per record, as a table of the distinct strings and an index per record.</summary>
    private sealed class StringColumn
    {
        private readonly Dictionary<string, int> _table = new(StringComparer.Ordinal);
        private readonly List<string> _strings = [];
        private readonly List<int> _index = [];

        public void Add(string? value)
        {
            if (value is null)
            {
                _index.Add(-1);
                return;
            }

            if (!_table.TryGetValue(value, out var at))
            {
                _table.Add(value, at = _strings.Count);
                _strings.Add(value);
            }

            _index.Add(at);
        }

        public void WriteTo(BinaryWriter writer)
        {
            writer.Write(_strings.Count);
            foreach (var text in _strings)
            {
                writer.Write(text);
            }

            writer.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(_index)));
        }

        /// <summary>Reads a column of <paramref name="count"/> strings (if <paramref name="written"/>) into a list, or past it (list null).</summary>
        public static void Read(ref SpanReader reader, bool written, int count, List<string?>? list)
        {
            var into = list is null ? default : Fill(list, count);
            if (!written)
            {
                into.Clear();
                return;
            }

            if (list is null)
            {
                for (var s = reader.ReadInt32(); s > 0; s--)
                {
                    reader.ReadStringBytes();
                }

                reader.Take(count * sizeof(int));
                return;
            }

            var strings = new string[reader.ReadInt32()];
            for (var s = 0; s < strings.Length; s++)
            {
                strings[s] = reader.ReadString();
            }

            var index = MemoryMarshal.Cast<byte, int>(reader.Take(count * sizeof(int)));
            for (var n = 0; n < into.Length; n++)
            {
                into[n] = index[n] < 0 ? null : strings[index[n]];
            }
        }
    }
}

/// <summary>The optional columns of a <see cref="KeyTable"/> a dedup stage needs (the passes that read them run).</summary>
[Flags]
public enum KeyTableColumns
{
    None = 0,

    /// <summary><see cref="KeyTable.Captions"/>, for caption max_reuse.</summary>
    Captions = 1,

    /// <summary><see cref="KeyTable.Lengths"/> and <see cref="KeyTable.Bands"/>, for dedup.near.</summary>
    Near = 2,

    /// <summary><see cref="KeyTable.AssetHashes"/> and <see cref="KeyTable.DHashes"/>, for dedup.assets.</summary>
    Assets = 4,

    /// <summary><see cref="KeyTable.Labels"/> and <see cref="KeyTable.Rows"/>, for labels.conflicts.</summary>
    LabelsAndRows = 8,
}
