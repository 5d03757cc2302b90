using System.Globalization;
using System.Text;
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

    private readonly BuildContext _context;
    private readonly ExactDeduplicator? _exact;
    private readonly int _labelField;
    private readonly (string Name, int Index)[] _valueFields;
    private readonly string[] _valueFieldNames;
    private readonly KeyTableColumns _columns;
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
        _valueFieldNames = [.. _valueFields.Select(v => v.Name)];
        _captionField = CaptionReusePass.SpecOf(spec) is { } caption ? spec.Schema.IndexOf(caption.Field) : -1;
        if (spec.Dedup?.Near is { } near)
        {
            _near = NearOptions.From(near);
            _lsh = _near.ResolveLsh();
            _nearField = spec.Schema.IndexOf(near.Field);
        }

        _assetField = spec.Dedup?.Assets?.Field;
        _columns = (_captionField >= 0 ? KeyTableColumns.Captions : 0) | (_near is not null ? KeyTableColumns.Near : 0) | (_assetField is not null ? KeyTableColumns.Assets : 0)
            | (spec.Labels?.Conflicts is not null ? KeyTableColumns.LabelsAndRows : 0);
        Config = $"{grouping?.Canonical}|label={_labelField}|values={string.Join(",", _valueFields.Select(v => v.Name))}|caption={_captionField}|near={spec.Dedup?.Near?.Canonical}|lsh={_lsh.Bands}x{_lsh.Rows}|asset={_assetField}";
    }

    /// <summary>What the keys depend on besides the file's records.</summary>
    public string Config { get; }

    /// <summary>The file's keys, from the cache or computed from its label-stage entry.</summary>
    public CacheEntry For(CacheEntry input)
    {
        var key = KeyOf(input);
        return _context.Cache.TryGet(Kind, key) ?? _context.Cache.Put(Kind, key, payload =>
        {
            var sketcher = _near is null ? null : new NearDuplicateSketcher(_near, _lsh);
            var bands = new ulong[_lsh.Bands];
            var normalized = new NormalizedFields();
            var columns = new KeyColumns(_valueFields.Length, BandCount);
            var values = new string?[_valueFields.Length];
            foreach (var traced in TracedRecordStream.Read(input))
            {
                if (!traced.Dropped)
                {
                    Add(columns, traced.Record, sketcher, bands, normalized, values);
                }
            }

            using var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
            columns.WriteTo(writer);
        });
    }

    /// <summary>Where the file's keys are cached (whether or not they are yet).</summary>
    public string PathFor(CacheEntry input) => _context.Cache.PathFor(Kind, KeyOf(input));

    private string KeyOf(CacheEntry input) => new StageKey(Kind).Add(Config).Add(_context.Spec.Schema.Canonical).Add(input.ContentHash).Finish();

    private void Add(KeyColumns columns, Record record, NearDuplicateSketcher? sketcher, ulong[] bands, NormalizedFields normalized, string?[] values)
    {
        // Exact keys, captions and near-dedup often normalise the same field: do it once per record.
        normalized.Clear();
        var exact = _exact?.KeyOf(record, normalized.Of);
        Hash128? caption = _captionField >= 0 && record[_captionField] is string text ? Hash(normalized.Of(_captionField, text).ToString()) : null;
        var nearText = sketcher is not null ? record[_nearField] as string : null;
        var hasBands = nearText is not null && sketcher!.TryWriteBandKeys(normalized.Of(_nearField, nearText).Span, bands);
        var asset = _assetField is null ? null : record.AssetOf(_assetField);
        Hash128? assetHash = asset is { Sha256: { } sha, Missing: null } ? Hash128.ParseHex(sha) : null;
        var dhash = assetHash is null ? null : asset!.DHash;
        for (var v = 0; v < _valueFields.Length; v++)
        {
            var index = _valueFields[v].Index;
            values[v] = index == -1 ? record.Id : Convert.ToString(record[index], CultureInfo.InvariantCulture);
        }

        var label = _labelField >= 0 ? record[_labelField] as string : null;
        int? nearLength = sketcher is not null ? nearText?.Length ?? 0 : null;
        columns.Add(record.Id, record.Row, exact, caption, label, _labelField >= 0, values, nearLength, bands, hasBands, assetHash, dhash);
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
    /// Every file's keys in one table, in file order. Files are read (and their hashes checked) on every core, and
    /// each file's columns are appended in order as soon as it and the files before it are read.
    /// </summary>
    /// <param name="keyFiles">Every file's keys entry, in canonical order.</param>
    /// <param name="expected">At least the records to load (the files' input records): the columns are sized once.</param>
    public KeyTable LoadAll(IReadOnlyList<CacheEntry> keyFiles, long expected)
    {
        var table = new KeyTable(BandCount);
        table.EnsureCapacity((int)Math.Min(expected, int.MaxValue / 2), _valueFieldNames, _columns);
        // A few files read ahead of the one being appended: their buffers go back to the pool and are read into again,
        // instead of a fresh buffer (and fresh pages) for each of hundreds of files.
        ParallelFiles.MapInOrder(keyFiles, PooledPayload.Read, (file, payload) =>
        {
            using (payload)
            {
                Append(keyFiles[file], payload, file, table);
            }
        }, window: 4 * Environment.ProcessorCount);
        return table;
    }

    private void Append(CacheEntry keys, PooledPayload payload, int file, KeyTable table)
    {
        try
        {
            KeyColumns.AppendTo(table, payload.Span, file, _valueFieldNames, _columns);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IndexOutOfRangeException or OverflowException)
        {
            throw new CacheCorruptException(keys.Path, $"its keys do not decode ({ex.Message})");
        }
    }

    /// <summary>The bands each record's near-dedup key has (0 without dedup.near).</summary>
    public int BandCount => _near is null ? 0 : _lsh.Bands;

    private static Hash128 Hash(string text) => Hash128.Of(Encoding.UTF8.GetBytes(text));
}
