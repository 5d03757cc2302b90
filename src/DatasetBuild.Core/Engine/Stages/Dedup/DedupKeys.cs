using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using DatasetBuild.Core.Engine.Stages.Emit;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Operators.Dedup;
using DatasetBuild.Core.Operators.Dedup.Near;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The per-file half of the dedup stage: each kept record's keys (exact key, label, cap group, caption hash,
/// near-dedup band keys, the dedup.assets digest and dHash), computed once per file content and cached (kind <c>dedup-keys</c>), then loaded
/// into one <see cref="KeyTable"/> for the global pass.
/// </summary>
public sealed class DedupKeys
{
    public const string Kind = "dedup-keys";

    private const byte HasExact = 1, HasCaption = 2, HasNear = 4, HasBands = 8, HasAsset = 16, HasDHash = 32;

    private readonly BuildContext _context;
    private readonly ExactDeduplicator? _exact;
    private readonly int _labelField;
    private readonly (string Name, int Index)[] _valueFields;
    private readonly int _captionField;
    private readonly int _nearField;
    private readonly NearDuplicateOptions? _near;
    private readonly LshParameters _lsh;
    private readonly string? _assetField;

    public DedupKeys(BuildContext context, ExactDedupSpec? grouping)
    {
        var spec = context.Spec;
        _context = context;
        _exact = grouping is null ? null : new ExactDeduplicator(grouping, spec.Schema);
        _labelField = spec.Labels is { } labels ? spec.Schema.IndexOf(labels.Field) : -1;
        _valueFields = new[] { spec.Select?.Cap?.By, spec.Select?.LongTail?.By }.OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(f => (f, f == RecordSchema.IdField ? -1 : spec.Schema.IndexOf(f))).ToArray();
        _captionField = CaptionReusePass.SpecOf(spec) is { } caption ? spec.Schema.IndexOf(caption.Field) : -1;
        if (spec.Dedup?.Near is { } near)
        {
            _near = NearOptions.From(near);
            _lsh = _near.ResolveLsh();
            _nearField = spec.Schema.IndexOf(near.Field);
        }

        _assetField = spec.Dedup?.Assets?.Field;
        Config = $"{grouping?.Canonical}|label={_labelField}|values={string.Join(",", _valueFields.Select(v => v.Name))}|caption={_captionField}|near={spec.Dedup?.Near?.Canonical}|lsh={_lsh.Bands}x{_lsh.Rows}|asset={_assetField}";
    }

    /// <summary>What the keys depend on besides the file's records.</summary>
    public string Config { get; }

    /// <summary>The file's keys, from the cache or computed from its label-stage entry.</summary>
    public CacheEntry For(CacheEntry input)
    {
        var key = new StageKey(Kind).Add(Config).Add(_context.Spec.Schema.Canonical).Add(input.ContentHash).Finish();
        return _context.Cache.TryGet(Kind, key) ?? _context.Cache.Put(Kind, key, payload =>
        {
            using var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
            var sketcher = _near is null ? null : new NearDuplicateSketcher(_near, _lsh);
            var bands = new ulong[_lsh.Bands];
            var normalized = new NormalizedFields();
            foreach (var traced in TracedRecordStream.Read(input))
            {
                if (!traced.Dropped)
                {
                    Write(writer, traced.Record, sketcher, bands, normalized);
                }
            }

            writer.Write((byte)0);
        });
    }

    private void Write(BinaryWriter writer, Record record, NearDuplicateSketcher? sketcher, ulong[] bands, NormalizedFields normalized)
    {
        // Exact keys, captions and near-dedup often normalise the same field: do it once per record.
        normalized.Clear();
        var exact = _exact?.KeyOf(record, normalized.Of);
        UInt128? caption = _captionField >= 0 && record[_captionField] is string text ? Hash(normalized.Of(_captionField, text).ToString()) : null;
        var nearText = sketcher is not null ? record[_nearField] as string : null;
        var hasBands = nearText is not null && sketcher!.TryWriteBandKeys(normalized.Of(_nearField, nearText).Span, bands);
        var asset = _assetField is null ? null : record.AssetOf(_assetField);
        UInt128? assetHash = asset is { Sha256: { } sha, Missing: null } ? UInt128.Parse(sha[..32], NumberStyles.HexNumber, CultureInfo.InvariantCulture) : null;
        var dhash = assetHash is null ? null : asset!.DHash;
        writer.Write((byte)((exact.HasValue ? HasExact : 0) | (caption.HasValue ? HasCaption : 0) | (sketcher is not null ? HasNear : 0) | (hasBands ? HasBands : 0)
            | (assetHash.HasValue ? HasAsset : 0) | (dhash.HasValue ? HasDHash : 0) | 128));
        writer.Write(record.Id);
        writer.Write(record.Row);
        if (exact is { } e)
        {
            writer.WriteKey(e);
        }

        if (caption is { } c)
        {
            writer.WriteKey(c);
        }

        RecordEncoding.WriteNullableString(writer, _labelField >= 0 ? record[_labelField] as string : null);
        foreach (var (_, index) in _valueFields)
        {
            RecordEncoding.WriteNullableString(writer, index == -1 ? record.Id : Convert.ToString(record[index], CultureInfo.InvariantCulture));
        }
        if (sketcher is not null)
        {
            writer.Write(nearText?.Length ?? 0);
        }

        if (hasBands)
        {
            foreach (var band in bands)
            {
                writer.Write(band);
            }
        }

        if (assetHash is { } a)
        {
            writer.WriteKey(a);
        }

        if (dhash is { } d)
        {
            writer.Write(d);
        }
    }

    /// <summary>One record's normalised fields, each computed on first use into a buffer reused for every record.</summary>
    private sealed class NormalizedFields
    {
        private readonly List<(int Field, char[] Buffer, int Length)> _done = new(2);
        private readonly List<char[]> _free = [];

        public void Clear()
        {
            _free.AddRange(_done.Select(d => d.Buffer));
            _done.Clear();
        }

        public ReadOnlyMemory<char> Of(int field, string text)
        {
            foreach (var (f, buffer, length) in _done)
            {
                if (f == field)
                {
                    return buffer.AsMemory(0, length);
                }
            }

            var chars = _free.Count > 0 ? _free[^1] : new char[Math.Max(256, text.Length)];
            if (_free.Count > 0)
            {
                _free.RemoveAt(_free.Count - 1);
            }

            var normalizedLength = TextNormalizer.Normalize(text, ref chars);
            _done.Add((field, chars, normalizedLength));
            return chars.AsMemory(0, normalizedLength);
        }
    }

    /// <summary>
    /// Every file's keys in one table, in file order. Files are decoded on every core, a few at a time, each into a
    /// table of its own that is appended in order and let go: the same table as loading them one by one, and at
    /// most a few files' keys held twice.
    /// </summary>
    /// <param name="keyFiles">Every file's keys entry, in canonical order.</param>
    /// <param name="expected">At least the records to load (the files' input records): the columns are sized once.</param>
    public KeyTable LoadAll(IReadOnlyList<CacheEntry> keyFiles, long expected)
    {
        var table = new KeyTable();
        table.EnsureCapacity((int)Math.Min(expected, int.MaxValue / 2), _valueFields.Select(v => v.Name));
        var batch = 4 * Environment.ProcessorCount;
        for (var start = 0; start < keyFiles.Count; start += batch)
        {
            var files = Enumerable.Range(start, Math.Min(batch, keyFiles.Count - start)).ToList();
            var parts = ParallelFiles.Map(files, file =>
            {
                var part = new KeyTable();
                Load(keyFiles[file], file, part);
                return part;
            });
            foreach (var part in parts)
            {
                table.Append(part);
            }
        }

        return table;
    }

    /// <summary>Appends one file's keys to the table, in the file's record order.</summary>
    public void Load(CacheEntry keys, int file, KeyTable table)
    {
        var bandCount = BandCount;
        foreach (var (name, _) in _valueFields)
        {
            table.Values.TryAdd(name, []);
        }

        // One read of the whole payload (which checks its hash), then parsed in memory.
        var bytes = new byte[keys.PayloadLength];
        using (var payload = keys.OpenPayload())
        {
            payload.ReadExactly(bytes);
        }

        var reader = new SpanReader(bytes);
        var labels = new StringPool();
        byte flags;
        while ((flags = reader.ReadByte()) != 0)
        {
            table.Ids.Add(reader.ReadStringBytes());
            table.Files.Add(file);
            table.Rows.Add(reader.ReadInt64());
            table.Exact.Add((flags & HasExact) != 0 ? ReadHash(ref reader) : null);
            table.Captions.Add((flags & HasCaption) != 0 ? ReadHash(ref reader) : null);
            table.Labels.Add(reader.ReadBoolean() ? labels.Get(reader.ReadStringBytes()) : null);
            foreach (var (name, _) in _valueFields)
            {
                table.Values[name].Add(reader.ReadBoolean() ? reader.ReadString() : null);
            }

            table.Lengths.Add((flags & HasNear) != 0 ? reader.ReadInt32() : 0);
            table.Bands.Add((flags & HasBands) != 0 ? ReadBands(ref reader, bandCount) : []);
            table.AssetHashes.Add((flags & HasAsset) != 0 ? ReadHash(ref reader) : null);
            table.DHashes.Add((flags & HasDHash) != 0 ? reader.ReadUInt64() : null);
        }
    }

    /// <summary>The bands each record's near-dedup key has (0 without dedup.near).</summary>
    public int BandCount => _near is null ? 0 : _lsh.Bands;

    private static ulong[] ReadBands(ref SpanReader reader, int count)
    {
        // One copy for all the bands: BinaryWriter wrote them little-endian.
        var bands = new ulong[count];
        reader.Take(count * sizeof(ulong)).CopyTo(MemoryMarshal.AsBytes(bands.AsSpan()));
        if (!BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.ReverseEndianness(bands, bands);
        }

        return bands;
    }

    private static UInt128 Hash(string text) => XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(text));

    private static UInt128 ReadHash(ref SpanReader reader)
    {
        var upper = reader.ReadUInt64();
        return new UInt128(upper, reader.ReadUInt64());
    }
}
