namespace DatasetBuild.Core.Spec.Model;

/// <summary>What the model must learn: drives label checks, default output templates and the licence policy.</summary>
public sealed record TaskSpec(
    string Type,
    IReadOnlyList<string> Input,
    string? Target,
    IReadOnlyList<string> Labels,
    string? IntendedUse,
    string? Tokenizer = null)
{
    public static readonly IReadOnlyList<string> Tokenizers = ["o200k_base", "cl100k_base"];

    public static readonly IReadOnlyList<string> Types = ["classification", "generation", "captioning", "transcription", "other"];

    public static readonly IReadOnlyList<string> IntendedUses = ["commercial", "research", "internal"];
}
