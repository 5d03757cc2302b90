using System.Globalization;
using System.IO.Hashing;
using System.Text;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// Assigns kept records to splits with a stable function of (seed, group): the group is the record's
/// <c>group_by</c> value when it has one; else its duplicate group, named by the normalised text of the task
/// input (so exact duplicates, under dedup.exact's normalisation, never straddle splits even when they are
/// kept); else, without text, the record itself (source and id). A record never moves to another split when
/// data is added, and a group never straddles splits. Each stratum of
/// <c>stratify_by</c> is split by the same hash, so it has the ratios in expectation; the manifest reports
/// the actual counts per stratum.
/// </summary>
public sealed class SplitAssigner
{
    public const string Single = "all";

    private readonly SplitsSpec? _spec;
    private readonly int _groupField;
    private readonly int _stratifyField;
    private readonly int _textField;
    private readonly double[] _cumulative;

    public SplitAssigner(SplitsSpec? spec, RecordSchema schema, string? textField = null)
    {
        _textField = textField is null ? -1 : schema.IndexOf(textField);
        _spec = spec;
        _groupField = spec?.GroupBy is { } group ? schema.IndexOf(group) : -1;
        _stratifyField = spec?.StratifyBy is { } stratify ? schema.IndexOf(stratify) : -1;
        Names = spec is null ? [Single] : spec.Ratios.Select(r => r.Name).ToList();
        var sum = 0.0;
        _cumulative = spec?.Ratios.Select(r => sum += r.Ratio).ToArray() ?? [1.0];
    }

    public IReadOnlyList<string> Names { get; }

    public bool Stratified => _stratifyField >= 0;

    public string Assign(string source, Record record) => Names[AssignIndex(source, record)];

    /// <summary>The record's split as its position in <see cref="Names"/>.</summary>
    public int AssignIndex(string source, Record record)
    {
        if (_spec is null)
        {
            return 0;
        }

        var group = _groupField >= 0 && record[_groupField] is { } value
            ? "g\0" + Convert.ToString(value, CultureInfo.InvariantCulture)
            : _textField >= 0 && record[_textField] is string text && TextNormalizer.Normalize(text) is { Length: > 0 } normalized
                ? "t\0" + normalized
                : "r\0" + source + "\0" + record.Id;
        var hasher = new XxHash64(_spec.Seed);
        hasher.Append(Encoding.UTF8.GetBytes(group));
        var u = (hasher.GetCurrentHashAsUInt64() >> 11) * (1.0 / (1UL << 53));
        for (var i = 0; i < _cumulative.Length; i++)
        {
            if (u < _cumulative[i])
            {
                return i;
            }
        }

        return Names.Count - 1;
    }

    public string StratumOf(Record record) =>
        _stratifyField >= 0 && record[_stratifyField] is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "" : "(missing)";
}
