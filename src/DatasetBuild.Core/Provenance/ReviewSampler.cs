using DatasetBuild.Core.Governance;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Provenance;

/// <summary>
/// What the review page needs from the records themselves, gathered during emit's one pass: a histogram of
/// the kept records' text lengths (the first <c>task.input</c> string field) and the texts of the few
/// records the manifest points reviewers at (conflict groups). Bounded memory: counts and a handful of texts.
/// </summary>
public sealed class ReviewSampler
{
    private const int SnippetLength = 280;

    private readonly int _textField;
    private readonly HashSet<string> _wanted;
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, long> _lengths = [];

    public ReviewSampler(DatasetSpec spec, IEnumerable<string> wantedIds)
    {
        var field = spec.InputTextField;
        TextField = field;
        _textField = field is null ? -1 : spec.Schema.IndexOf(field);
        _wanted = new HashSet<string>(wantedIds, StringComparer.Ordinal);
    }

    public string? TextField { get; }

    public void Add(TracedRecord traced)
    {
        if (_textField < 0 || traced.Record[_textField] is not string text)
        {
            return;
        }

        if (_wanted.Contains(traced.Record.Id) && !_texts.ContainsKey(traced.Record.Id))
        {
            _texts[traced.Record.Id] = text.Length <= SnippetLength ? text : text[..SnippetLength] + "…";
        }

        if (!traced.Dropped)
        {
            var bucket = BucketOf(text.Length);
            _lengths[bucket] = _lengths.GetValueOrDefault(bucket) + 1;
        }
    }

    public string? TextOf(string id) => _texts.GetValueOrDefault(id);

    /// <summary>Kept records by text length in characters, in power-of-two buckets (…, 64, 128, 256, …).</summary>
    public ReportHistogram? LengthHistogram() => TextField is null || _lengths.Count == 0 ? null : new ReportHistogram
    {
        Title = $"Length of '{TextField}' in kept records",
        Unit = "characters",
        Buckets = [.. _lengths.Select(b => new ReportBucket { UpTo = b.Key, Count = b.Value })],
    };

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
