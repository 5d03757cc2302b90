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
    private readonly TextSplitTable _texts = new();

    public SplitReport(DatasetSpec spec, SplitAssigner assigner)
    {
        _spec = spec;
        _assigner = assigner;
        var input = spec.InputTextField;
        _textField = spec.Splits is { GroupBy: not null } && input is not null ? spec.Schema.IndexOf(input) : -1;
    }

    public long Count(string split) => _counts.GetValueOrDefault(split);

    /// <summary>Sizes the leakage check's table for the <paramref name="records"/> records of the jobs to be merged.</summary>
    public void Reserve(long records)
    {
        if (_textField >= 0)
        {
            _texts.Reserve(records);
        }
    }

    /// <summary>Counts a kept record of split <paramref name="splitIndex"/> (its index among the assigner's names).</summary>
    public void Add(int splitIndex, Record record)
    {
        var split = _assigner.Names[splitIndex];
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
            _texts.Add(Hash128.Of(Encoding.UTF8.GetBytes(TextNormalizer.Normalize(text))), splitIndex);
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

        _texts.WriteTo(writer);
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

        _texts.MergeFrom(reader);
    }

    public ManifestSplits? ToManifest() => _spec.Splits is not { } splits ? null : new ManifestSplits
    {
        Seed = splits.Seed,
        GroupBy = splits.GroupBy,
        StratifyBy = splits.StratifyBy,
        Ratios = splits.Ratios.ToDictionary(r => r.Name, r => r.Ratio),
        Counts = _assigner.Names.ToDictionary(n => n, Count),
        Strata = _assigner.Stratified ? _strata.ToDictionary(s => s.Key, s => new Dictionary<string, long>(s.Value)) : null,
        Leakage = new ManifestLeakage { DuplicateTextsAcrossSplits = _texts.LeakedCount, GroupsAcrossSplits = 0 },
    };
}
