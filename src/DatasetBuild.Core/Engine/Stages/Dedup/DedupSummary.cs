namespace DatasetBuild.Core.Engine.Stages;

/// <summary>What the dedup stage's passes report beyond counts, cached with the decisions and copied to the manifest.</summary>
public sealed class DedupSummary
{
    public ConflictSummary? Conflicts { get; set; }

    public NearDedupSummary? NearDedup { get; set; }

    public List<LongTailGroup>? LongTail { get; set; }

    public ReviewSummary? Review { get; set; }

    public AssetDedupSummary? AssetDedup { get; set; }
}
