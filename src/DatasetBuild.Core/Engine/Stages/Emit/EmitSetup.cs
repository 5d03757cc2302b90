using System.Globalization;
using DatasetBuild.Core.Output;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages.Emit;

/// <summary>One output file of the dataset: a split in one format, at a path relative to the output folder.</summary>
public sealed record OutputFile(string Split, int SplitIndex, OutputSpec Output, string Relative, int FineTuningPosition)
{
    public bool IsParquet => Output.Format == "parquet";
}

/// <summary>
/// What every emit job shares, from the spec: the output files, the table columns, the split assigner, the
/// feedback file, and <see cref="Config"/>, everything besides the records that decides a job's output (part of
/// its cache key).
/// </summary>
public sealed class EmitSetup
{
    public EmitSetup(BuildContext context)
    {
        var spec = context.Spec;
        Spec = spec;
        Columns = [new(RecordSchema.IdField, FieldType.String), .. spec.Schema.Fields.Select(f => new TableColumn(f.Name, f.Type))];
        LabelIndex = spec.Labels is { } labels ? spec.Schema.IndexOf(labels.Field) : -1;
        Assigner = new SplitAssigner(spec.Splits, spec.Schema, spec.InputTextField);
        var fineTuning = spec.Outputs.Where(o => o.IsFineTuning).ToList();
        Outputs = [.. Assigner.Names.SelectMany((split, s) => spec.Outputs.Select(o => new OutputFile(split, s, o, o.FileFor(split), fineTuning.IndexOf(o))))];
        Feedback = spec.Feedback is { } feedbackSpec ? FeedbackReport.Load(feedbackSpec, spec, context.AllowExternalPaths) : null;
        Tokenizer = spec.Task?.Tokenizer is { } tokenizer && fineTuning.Count > 0 ? (tokenizer, fineTuning[0].Format) : null;
        Config = string.Join("\n", [
            "schema=" + spec.Schema.Canonical,
            "outputs=" + string.Join(",", spec.Outputs.Select(o => o.Format == "parquet" ? $"parquet:{o.Compression}" : o.Format)),
            "splits=" + (spec.Splits?.Canonical ?? "none"),
            "text=" + spec.InputTextField,
            "label=" + LabelIndex.ToString(CultureInfo.InvariantCulture),
            "tokens=" + Tokenizer,
            "coverage=" + string.Join(";", spec.Coverage?.Targets.Select(t => $"{t.By}|{t.Where}") ?? []) + "|labels=" + string.Join(",", spec.Task?.Labels ?? []),
            "feedback=" + (Feedback is null ? "none" : $"{spec.Feedback!.By}|{Feedback.Sha256}"),
        ]);
    }

    public DatasetSpec Spec { get; }

    public IReadOnlyList<TableColumn> Columns { get; }

    public int LabelIndex { get; }

    public SplitAssigner Assigner { get; }

    public IReadOnlyList<OutputFile> Outputs { get; }

    public FeedbackReport? Feedback { get; }

    public (string Tokenizer, string Format)? Tokenizer { get; }

    public string Config { get; }

    public EmitTallies NewTallies() => new(this);
}
