using System.IO.Hashing;
using System.Text;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// Counts per split and per stratum, and the leakage check: normalised texts (of the task input, else the
/// first string field) that occur in more than one split.
/// </summary>
public sealed class SplitReport
{
    private readonly DatasetSpec _spec;
    private readonly SplitAssigner _assigner;
    private readonly int _textField;
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SortedDictionary<string, long>> _strata = new(StringComparer.Ordinal);
    private readonly Dictionary<UInt128, string> _firstSplitOfText = [];
    private readonly HashSet<UInt128> _leaked = [];

    public SplitReport(DatasetSpec spec, SplitAssigner assigner)
    {
        _spec = spec;
        _assigner = assigner;
        var schema = spec.Schema;
        var input = spec.Task?.Input.FirstOrDefault(f => schema.IndexOf(f) >= 0) ?? schema.Fields.FirstOrDefault(f => f.Type == FieldType.String)?.Name;
        _textField = spec.Splits is not null && input is not null ? schema.IndexOf(input) : -1;
    }

    public long Count(string split) => _counts.GetValueOrDefault(split);

    public void Add(string split, Record record)
    {
        _counts[split] = _counts.GetValueOrDefault(split) + 1;
        if (_assigner.Stratified)
        {
            var stratum = _assigner.StratumOf(record);
            if (!_strata.TryGetValue(stratum, out var bySplit))
            {
                _strata[stratum] = bySplit = new SortedDictionary<string, long>(StringComparer.Ordinal);
            }

            bySplit[split] = bySplit.GetValueOrDefault(split) + 1;
        }

        if (_textField >= 0 && record[_textField] is string text)
        {
            var key = XxHash128.HashToUInt128(Encoding.UTF8.GetBytes(TextNormalizer.Normalize(text)));
            if (!_firstSplitOfText.TryAdd(key, split) && _firstSplitOfText[key] != split)
            {
                _leaked.Add(key);
            }
        }
    }

    public ManifestSplits? ToManifest() => _spec.Splits is not { } splits ? null : new ManifestSplits
    {
        Seed = splits.Seed,
        GroupBy = splits.GroupBy,
        StratifyBy = splits.StratifyBy,
        Ratios = splits.Ratios.ToDictionary(r => r.Name, r => r.Ratio),
        Counts = _assigner.Names.ToDictionary(n => n, Count),
        Strata = _assigner.Stratified ? _strata.ToDictionary(s => s.Key, s => new Dictionary<string, long>(s.Value)) : null,
        Leakage = new ManifestLeakage { DuplicateTextsAcrossSplits = _leaked.Count, GroupsAcrossSplits = 0 },
    };
}
