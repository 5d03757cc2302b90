using DatasetBuild.Core.Operators;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// One step of the dedup stage's global pass. Passes run in order over the <see cref="KeyTable"/>; each sees
/// the decisions of the passes before it and decides only about records still kept.
/// </summary>
public abstract class DedupPass(string name, string kind)
{
    /// <summary>The name in the manifest's stages and in lineage's <c>stage</c> column.</summary>
    public string Name { get; } = name;

    /// <summary>"dedup", "filter", "label", "select".</summary>
    public string Kind { get; } = kind;

    public OperatorStats Stats { get; } = new();

    public abstract void Run(KeyTable table, Decisions decisions);

    protected static bool IsDropped(Decisions decisions, int n) => decisions[n]?.Kind == Decision.DropKind;

    protected void Dropped(Decisions decisions, int n, Decision decision)
    {
        decisions[n] = decision;
        CountDropped(decision.Reason!, 1);
    }

    /// <summary>Counts drops a pass recorded in <see cref="Decisions"/> itself (a pass making many counts them once).</summary>
    protected void CountDropped(string reason, long count)
    {
        if (count > 0)
        {
            Stats.Dropped[reason] = Stats.Dropped.GetValueOrDefault(reason) + count;
        }
    }
}
