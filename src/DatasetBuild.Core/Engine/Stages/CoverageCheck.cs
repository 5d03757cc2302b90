using System.Globalization;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Engine.Stages.Emit;
using DatasetBuild.Core.Operators.Filters;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// Counts the kept records per coverage target while emit streams them, then checks every target. For a
/// <c>by</c> target on the label field, every label of task.labels is checked, also those with no record.
/// </summary>
public sealed class CoverageCheck : IEmitTally
{
    private readonly DatasetSpec _spec;
    private readonly List<(CoverageTargetSpec Target, int Field, WhereExpression? Where, SortedDictionary<string, long> Counts)> _targets = [];
    private long _kept;

    public CoverageCheck(DatasetSpec spec)
    {
        _spec = spec;
        foreach (var target in spec.Coverage?.Targets ?? [])
        {
            var field = target.By is null ? -1 : target.By == RecordSchema.IdField ? -2 : spec.Schema.IndexOf(target.By);
            var where = target.Where is null ? null : new WhereExpression(target.Where, spec.Schema);
            var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
            if (target.By is { } by && by == spec.Labels?.Field)
            {
                foreach (var label in spec.Task?.Labels ?? [])
                {
                    counts[label] = 0;
                }
            }

            _targets.Add((target, field, where, counts));
        }
    }

    public void Add(Record record)
    {
        _kept++;
        foreach (var (target, field, where, counts) in _targets)
        {
            if (where is not null)
            {
                if (where.EvaluateAt(record, target.Location, $"coverage target '{target.Name}'"))
                {
                    counts[""] = counts.GetValueOrDefault("") + 1;
                }

                continue;
            }

            var value = field == -2 ? record.Id : record[field];
            var key = value is null ? "(missing)" : Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_kept);
        foreach (var (_, _, _, counts) in _targets)
        {
            writer.WriteCounts(counts);
        }
    }

    public void MergeFrom(BinaryReader reader)
    {
        _kept += reader.ReadInt64();
        foreach (var (_, _, _, counts) in _targets)
        {
            reader.MergeCounts(counts);
        }
    }

    /// <summary>The manifest's coverage[]; unmet targets become DSB3002 errors or warnings at their line.</summary>
    public List<ManifestCoverage> Evaluate(DiagnosticBag diagnostics, bool asWarnings = false, FeedbackReport? feedback = null)
    {
        var results = new List<ManifestCoverage>();
        var severity = _spec.Coverage?.OnUnmet == "warn" || asWarnings ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error;
        foreach (var (target, _, where, counts) in _targets)
        {
            var values = where is not null ? new SortedDictionary<string, long> { [""] = counts.GetValueOrDefault("") } : counts;
            foreach (var (value, count) in values)
            {
                var share = _kept == 0 ? 0 : Math.Round((double)count / _kept, 6);
                var errorRate = target.MaxError is not null && where is null ? feedback?.RateOf(value) : null;
                var raised = errorRate > target.MaxError;
                var minCount = raised ? Math.Max(target.MinCount ?? 0, target.ErrorMinCount!.Value) : target.MinCount;
                var shortfall = minCount is { } min && count < min ? min - count : 0;
                var excess = target.MaxShare is { } max && share > max;
                results.Add(new ManifestCoverage
                {
                    Name = target.Name,
                    By = target.By,
                    Where = target.Where,
                    Value = where is null ? value : null,
                    MinCount = minCount,
                    ErrorRate = errorRate is { } r ? Math.Round(r, 6) : null,
                    MaxShare = target.MaxShare,
                    ActualCount = count,
                    ActualShare = share,
                    Met = shortfall == 0 && !excess,
                });
                var what = where is null ? $"{target.By} '{value}'" : $"slice \"{target.Where}\"";
                if (shortfall > 0)
                {
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.CoverageUnmet, severity, target.Location.File, target.Location.Line, target.Location.Column,
                        $"coverage target '{target.Name}' unmet: {what} has {count} records, below min_count {minCount} (short by {shortfall})"
                        + (raised ? $"; min_count is error_min_count because its error rate {errorRate!.Value.ToString("0.###", CultureInfo.InvariantCulture)} is above max_error {target.MaxError!.Value.ToString(CultureInfo.InvariantCulture)}" : "")));
                }

                if (excess)
                {
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.CoverageUnmet, severity, target.Location.File, target.Location.Line, target.Location.Column,
                        $"coverage target '{target.Name}' unmet: {what} is {share.ToString("P1", CultureInfo.InvariantCulture)} of the records, above max_share {target.MaxShare?.ToString(CultureInfo.InvariantCulture)}"));
                }
            }
        }

        return results;
    }
}
