using System.Text;
using DatasetBuild.Core.Engine.Stages.Emit;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// Counts per split and per stratum, and the leakage check: normalised texts of the task input
/// (<see cref="DatasetSpec.InputTextField"/>) that occur in more than one split. Without <c>group_by</c> the split of
/// a record with such a text is a function of that normalised text (<see cref="SplitAssigner"/>), so no text can
/// straddle splits and the check has nothing to look at; with <c>group_by</c> the group decides, and every kept
/// text is checked.
/// </summary>
public sealed class SplitReport : IEmitTally
{
    private readonly DatasetSpec _spec;
    private readonly SplitAssigner _assigner;
    private readonly int _textField;
    private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, SortedDictionary<string, long>> _strata = new(StringComparer.Ordinal);
    private readonly Dictionary<Hash128, string> _firstSplitOfText = [];
    private readonly HashSet<Hash128> _leaked = [];

    public SplitReport(DatasetSpec spec, SplitAssigner assigner)
    {
        _spec = spec;
        _assigner = assigner;
        var input = spec.InputTextField;
        _textField = spec.Splits is { GroupBy: not null } && input is not null ? spec.Schema.IndexOf(input) : -1;
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
            AddText(Hash128.Of(Encoding.UTF8.GetBytes(TextNormalizer.Normalize(text))), split);
        }
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.WriteCounts(_counts);
        writer.Write(_strata.Count);
        foreach (var (stratum, bySplit) in _strata)
        {
            writer.Write(stratum);
            writer.WriteCounts(bySplit);
        }

        writer.Write(_firstSplitOfText.Count);
        foreach (var (key, split) in _firstSplitOfText)
        {
            writer.WriteKey(key);
            writer.Write(split);
        }

        writer.Write(_leaked.Count);
        foreach (var key in _leaked)
        {
            writer.WriteKey(key);
        }
    }

    public void MergeFrom(BinaryReader reader)
    {
        reader.MergeCounts(_counts);
        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            var stratum = reader.ReadString();
            if (!_strata.TryGetValue(stratum, out var bySplit))
            {
                _strata[stratum] = bySplit = new SortedDictionary<string, long>(StringComparer.Ordinal);
            }

            reader.MergeCounts(bySplit);
        }

        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            AddText(reader.ReadKey(), reader.ReadString());
        }

        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            _leaked.Add(reader.ReadKey());
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

    private void AddText(Hash128 key, string split)
    {
        if (!_firstSplitOfText.TryAdd(key, split) && _firstSplitOfText[key] != split)
        {
            _leaked.Add(key);
        }
    }
}
