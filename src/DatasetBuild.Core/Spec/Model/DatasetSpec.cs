using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Yaml;

namespace DatasetBuild.Core.Spec.Model;

/// <summary>A loaded and validated dataset.yaml.</summary>
public sealed record DatasetSpec(
    string Name,
    string Version,
    string? Description,
    TaskSpec? Task,
    RecordSchema Schema,
    IReadOnlyList<SourceSpec> Sources,
    IReadOnlyList<OperatorSpec> Filters,
    LabelsSpec? Labels,
    DedupSpec? Dedup,
    IReadOnlyList<OutputSpec> Outputs,
    string SpecPath,
    YamlMapping Root)
{
    /// <summary>The <c>select</c> section (cap), applied after dedup and conflicts.</summary>
    public SelectSpec? Select { get; init; }

    /// <summary>The <c>review</c> section: spectral review of the kept records.</summary>
    public ReviewSpec? Review { get; init; }

    /// <summary>The <c>feedback</c> section: a model's errors per slice.</summary>
    public FeedbackSpec? Feedback { get; init; }

    /// <summary>The <c>coverage</c> targets, checked on the kept records.</summary>
    public CoverageSpec? Coverage { get; init; }

    /// <summary>The <c>splits</c> section; null means one split, <c>all</c>.</summary>
    public SplitsSpec? Splits { get; init; }

    /// <summary>The <c>tokens</c> filter, applied to rendered fine-tuning examples after labels and dedup.</summary>
    public TokenBudgetSpec? TokenBudget { get; init; }

    /// <summary>The text a record is judged by: the first string field of <c>task.input</c>, else the schema's first string field.</summary>
    public string? InputTextField =>
        Task?.Input.FirstOrDefault(f => Schema.Fields.Any(s => s.Name == f && s.Type == FieldType.String))
        ?? Schema.Fields.FirstOrDefault(f => f.Type == FieldType.String)?.Name;

    /// <summary>The folder source globs are relative to.</summary>
    public string SpecDirectory => Path.GetDirectoryName(Path.GetFullPath(SpecPath))!;
}
