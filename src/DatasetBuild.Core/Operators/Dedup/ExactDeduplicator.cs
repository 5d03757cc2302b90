using System.IO.Hashing;
using System.Text;
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
    private readonly Dictionary<UInt128, string> _firstByKey = [];

    public string Name => spec.DisplayName;

    public const string Reason = "exact duplicate";

    /// <summary>The id of the earlier record this one duplicates, or null when it is the first of its kind.</summary>
    public string? Observe(Record record)
    {
        if (KeyOf(record) is not { } key)
        {
            return null;
        }

        if (_firstByKey.TryGetValue(key, out var first))
        {
            return first;
        }

        _firstByKey.Add(key, record.Id);
        return null;
    }

    private UInt128? KeyOf(Record record)
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
            var text = value as string;
            var bytes = text is null
                ? RecordEncoding.ContentBytes([value])
                : Encoding.UTF8.GetBytes(spec.Normalize ? TextNormalizer.Normalize(text) : text);
            hasher.Append([1]);
            hasher.Append(BitConverter.GetBytes(bytes.Length));
            hasher.Append(bytes);
        }

        return any ? hasher.GetCurrentHashAsUInt128() : null;
    }
}
