using DatasetBuild.Core.Provenance;

namespace DatasetBuild.Core.Engine.Stages.Emit;

/// <summary>Every figure emit gathers over the records, for one job or (merged) for the dataset.</summary>
public sealed class EmitTallies
{
    public EmitTallies(EmitSetup setup)
    {
        Digests = new ContentDigests(setup.Assigner.Names);
        Splits = new SplitReport(setup.Spec, setup.Assigner);
        Coverage = new CoverageCheck(setup.Spec);
        Tokens = setup.Tokenizer is { } t ? new TokenStatistics(t.Tokenizer, t.Format) : null;
        Feedback = setup.Feedback?.Fresh();
        Lengths = new TextLengths(setup.Spec);
    }

    public RecordCounts Records { get; } = new();

    public ContentDigests Digests { get; }

    public SplitReport Splits { get; }

    public CoverageCheck Coverage { get; }

    public TokenStatistics? Tokens { get; }

    public FeedbackReport? Feedback { get; }

    public TextLengths Lengths { get; }

    public AssetSummary Assets { get; } = new();

    public void WriteTo(BinaryWriter writer)
    {
        foreach (var tally in All)
        {
            tally.WriteTo(writer);
        }
    }

    public void MergeFrom(BinaryReader reader)
    {
        foreach (var tally in All)
        {
            tally.MergeFrom(reader);
        }
    }

    private IEnumerable<IEmitTally> All =>
        new IEmitTally?[] { Records, Digests, Splits, Coverage, Tokens, Feedback, Lengths, Assets }.OfType<IEmitTally>();
}
