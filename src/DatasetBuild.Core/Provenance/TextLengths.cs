using DatasetBuild.Core.Engine.Stages.Emit;
using DatasetBuild.Core.Governance;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Provenance;

/// <summary>
/// The review page's histogram of the kept records' text lengths (of <see cref="DatasetSpec.InputTextField"/>),
/// in power-of-two buckets of characters, gathered during emit.
/// </summary>
public sealed class TextLengths : IEmitTally
{
    private readonly int _textField;
    private readonly SortedDictionary<string, long> _lengths = new(StringComparer.Ordinal);

    public TextLengths(DatasetSpec spec)
    {
        TextField = spec.InputTextField;
        _textField = TextField is null ? -1 : spec.Schema.IndexOf(TextField);
    }

    public string? TextField { get; }

    public void Add(TracedRecord traced)
    {
        if (_textField >= 0 && !traced.Dropped && traced.Record[_textField] is string text)
        {
            var bucket = Key(BucketOf(text.Length));
            _lengths[bucket] = _lengths.GetValueOrDefault(bucket) + 1;
        }
    }

    public void WriteTo(BinaryWriter writer) => writer.WriteCounts(_lengths);

    public void MergeFrom(BinaryReader reader) => reader.MergeCounts(_lengths);

    /// <summary>Kept records by text length in characters, in power-of-two buckets (…, 64, 128, 256, …).</summary>
    public ReportHistogram? LengthHistogram() => TextField is null || _lengths.Count == 0 ? null : new ReportHistogram
    {
        Title = $"Length of '{TextField}' in kept records",
        Unit = "characters",
        Buckets = [.. _lengths.Select(b => new ReportBucket { UpTo = long.Parse(b.Key, System.Globalization.CultureInfo.InvariantCulture), Count = b.Value }).OrderBy(b => b.UpTo)],
    };

    /// <summary>Bucket bounds as fixed-width text, so the ordinal order of the keys is their numeric order.</summary>
    private static string Key(long upTo) => upTo.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    private static long BucketOf(int length)
    {
        long upTo = 16;
        while (upTo < length)
        {
            upTo *= 2;
        }

        return upTo;
    }
}
