namespace DatasetBuild.Core.Engine.Stages;

/// <summary>The filter stage or the label stage over every file, each file cached on its own.</summary>
public sealed class RecordStage(BuildContext context, string kind)
{
    public PipelineState Run(PipelineState state)
    {
        var stage = new RecordFileStage(context, kind);
        var report = new StageReportBuilder(stage.OperatorNames);
        var entries = new FileEntries(context);
        var previous = FileEntries.Order[Array.IndexOf(FileEntries.Order, kind) - 1];
        foreach (var file in state.Files)
        {
            var outcome = stage.GetOrBuild(file, entries.After(previous, file));
            file.Entries[kind] = Path.GetFileNameWithoutExtension(outcome.Entry.Path);
            report.Add(outcome, kind);
        }

        state.Stages.AddRange(report.Build());
        return state;
    }
}
