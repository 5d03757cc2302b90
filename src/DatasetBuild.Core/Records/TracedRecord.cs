namespace DatasetBuild.Core.Records;

/// <summary>
/// A record as a stage leaves it: kept (with its values) or dropped (with the stage and reason that
/// dropped it, and for duplicates the record it duplicates). Per-file stage results hold one of these
/// per input row, so lineage is a by-product of the pipeline rather than a separate log.
/// </summary>
public sealed class TracedRecord(Record record)
{
    public Record Record { get; } = record;

    public bool Dropped { get; private set; }

    public string? Stage { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>What was measured (for lineage); the manifest counts <see cref="Reason"/> alone.</summary>
    public string? Detail { get; private set; }

    public string? DuplicateOf { get; private set; }

    /// <summary>What the pii filter found or redacted, as "kind:count" pairs ("email:1,phone:2"); null when nothing.</summary>
    public string? Pii { get; set; }

    /// <summary>What other operators changed in the record ("c4 removed 2 lines"); null when nothing.</summary>
    public string? Notes { get; set; }

    /// <summary>The record rendered for each fine-tuning output (chat, instruction), in outputs order; set by the render stage.</summary>
    public string[]? Rendered { get; set; }

    /// <summary>The token count of the rendered example under task.tokenizer, when one is set.</summary>
    public int? Tokens { get; set; }

    /// <summary>The lineage reason: the category plus the measured detail.</summary>
    public string? LineageReason => Detail is null ? Reason : $"{Reason} ({Detail})";

    public void Drop(string stage, string reason, string? detail = null, string? duplicateOf = null)
    {
        Dropped = true;
        Stage = stage;
        Reason = reason;
        Detail = detail;
        DuplicateOf = duplicateOf;
    }
}
