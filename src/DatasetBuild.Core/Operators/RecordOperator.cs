using System.Diagnostics;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Operators;

/// <summary>
/// The one contract of per-record operators (filters, the label step). Subclasses implement
/// <see cref="Decide"/>; this base counts kept and dropped records per reason and times the work,
/// which is where the manifest's stage figures and the lineage's drop reasons come from.
/// </summary>
public abstract class RecordOperator
{
    protected RecordOperator(string name, string kind)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>The name in the manifest and in lineage's <c>stage</c> column.</summary>
    public string Name { get; }

    /// <summary>"filter", "label", …</summary>
    public string Kind { get; }

    public OperatorStats Stats { get; } = new();

    /// <summary>Set by operators that annotate the record's lineage (the pii filter's findings); read by the stage after each record.</summary>
    public string? LastNote { get; protected set; }

    public OperatorResult Process(Record record, OperatorContext context)
    {
        var started = Stopwatch.GetTimestamp();
        Stats.RecordsIn++;
        LastNote = null;
        var result = Decide(record, context);
        if (result.Keep)
        {
            Stats.RecordsOut++;
        }
        else
        {
            var reason = result.Reason ?? "dropped";
            Stats.Dropped[reason] = Stats.Dropped.GetValueOrDefault(reason) + 1;
        }

        Stats.ElapsedTicks += Stopwatch.GetTimestamp() - started;
        return result;
    }

    /// <summary>Keeps or drops the record; may change its values (the label step normalises labels).</summary>
    protected abstract OperatorResult Decide(Record record, OperatorContext context);
}
