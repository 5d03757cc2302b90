using System.Diagnostics;
using DatasetBuild.Core.Operators;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>Adds up per-file operator counts into the manifest's stage reports.</summary>
public sealed class StageReportBuilder
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly List<(string Name, string Kind, OperatorStats Stats)> _operators = [];
    private bool _anyMiss;

    public StageReportBuilder(IEnumerable<(string Name, string Kind)> operators)
    {
        foreach (var (name, kind) in operators)
        {
            _operators.Add((name, kind, new OperatorStats()));
        }
    }

    public void Add(FileStageOutcome outcome, string kindForUnlisted)
    {
        _anyMiss |= !outcome.Entry.Hit;
        foreach (var (name, stats) in outcome.Stats)
        {
            var index = _operators.FindIndex(o => o.Name == name);
            if (index < 0)
            {
                _operators.Insert(0, (name, kindForUnlisted, new OperatorStats()));
                index = 0;
            }

            _operators[index].Stats.Add(stats);
        }
    }

    public void MarkMiss() => _anyMiss = true;

    public IEnumerable<StageReport> Build()
    {
        var seconds = Math.Round(Stopwatch.GetElapsedTime(_started).TotalSeconds, 3);
        return _operators.Select(o => new StageReport
        {
            Name = o.Name,
            Kind = o.Kind,
            RecordsIn = o.Stats.RecordsIn,
            RecordsOut = o.Stats.RecordsOut,
            Dropped = new SortedDictionary<string, long>(o.Stats.Dropped, StringComparer.Ordinal),
            Seconds = _operators.Count == 1 ? seconds : Math.Round(seconds / _operators.Count, 3),
            Cache = _anyMiss ? "miss" : "hit",
        });
    }
}
