using System.IO.Hashing;
using System.Text;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Core.Operators.Dedup;

/// <summary>
/// <c>dedup.exact</c>: a record whose fields (normalised when <c>normalize: true</c>) equal an earlier
/// record's is dropped as a duplicate of that record. "Earlier" is the canonical record order. Only a
/// 128-bit hash per distinct key is held in memory. Records whose fields are all missing are never duplicates.
/// </summary>
public sealed class ExactDeduplicator(ExactDedupSpec spec, RecordSchema schema)
{
    private readonly int[] _fields = spec.Fields.Select(schema.IndexOf).ToArray();
    private readonly bool _usesId = spec.Fields.Contains(RecordSchema.IdField);
    private readonly Dictionary<Hash128, string> _firstByKey = [];

    public string Name => spec.DisplayName;

    public const string Reason = "exact duplicate";

    /// <summary>The id of the earlier record with this key, or null when it is the first of its kind (or has no key).</summary>
    public string? Observe(string id, Hash128? key)
    {
        if (key is not { } k)
        {
            return null;
        }

        if (_firstByKey.TryGetValue(k, out var first))
        {
            return first;
        }

        _firstByKey.Add(k, id);
        return null;
    }

    /// <summary>
    /// The record's dedup key: XxHash128 of its (normalised) fields; null when all of them are missing.
    /// Computed per file and cached, so the global pass only compares keys.
    /// </summary>
    public Hash128? KeyOf(Record record) => KeyOf(record, static (_, text) => TextNormalizer.Normalize(text).AsMemory());

    /// <summary>
    /// <see cref="KeyOf(Record)"/>, normalising a string field through <paramref name="normalize"/> (field index, text),
    /// so a caller that also needs the normalised text elsewhere computes it once.
    /// </summary>
    public Hash128? KeyOf(Record record, Func<int, string, ReadOnlyMemory<char>> normalize)
    {
        var hasher = new XxHash128();
        var any = false;
        foreach (var index in _fields)
        {
            var value = index < 0 ? (_usesId ? record.Id : null) : record[index];
            if (value is null)
            {
                hasher.Append([0]);
                continue;
            }

            any = true;
            hasher.Append([1]);
            if (value is not string text)
            {
                var bytes = RecordEncoding.ContentBytes([value]);
                hasher.Append(BitConverter.GetBytes(bytes.Length));
                hasher.Append(bytes);
                continue;
            }

            var chars = spec.Normalize ? normalize(index, text).Span : text.AsSpan();
            var utf8 = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(chars.Length));
            var length = Encoding.UTF8.GetBytes(chars, utf8);
            hasher.Append(BitConverter.GetBytes(length));
            hasher.Append(utf8.AsSpan(0, length));
            System.Buffers.ArrayPool<byte>.Shared.Return(utf8);
        }

        return any ? Hash128.CurrentOf(hasher) : null;
    }
}
