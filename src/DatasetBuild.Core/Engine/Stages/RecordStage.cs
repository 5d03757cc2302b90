namespace DatasetBuild.Core.Engine.Stages;

/// <summary>The filter stage or the label stage over every file, each file cached on its own.</summary>
public sealed class RecordStage(BuildContext context, string kind)
{
    public PipelineState Run(PipelineState state)
    {
        var stage = PhaseTimer.Time($"{kind}: set up operators", () => new RecordFileStage(context, kind));
        var report = new StageReportBuilder(stage.OperatorNames);
        var entries = new FileEntries(context);
        var previous = FileEntries.Order[Array.IndexOf(FileEntries.Order, kind) - 1];
        var memo = StageMemo.Load(context.StateDirectory, kind);
        var outcomes = PhaseTimer.Time($"{kind}: files", () => ParallelFiles.Map(state.Files, file =>
        {
            var input = stage.MemoKey(file, file.Entries.GetValueOrDefault(previous));
            if (memo.TryReuse(context.Cache, kind, input) is { } reused)
            {
                return reused;
            }

            var outcome = stage.GetOrBuild(file, entries.After(previous, file));
            memo.Remember(input, outcome.Entry, outcome.Stats);
            return outcome;
        }));
        memo.Save();
        for (var i = 0; i < outcomes.Length; i++)
        {
            state.Files[i].Entries[kind] = outcomes[i].Entry.Key;
            report.Add(outcomes[i], kind);
        }

        state.Stages.AddRange(report.Build());
        return state;
    }
}
