using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Spec.Model;

/// <summary>
/// One entry of <c>outputs:</c>. Data formats (parquet, jsonl) write the records; fine-tuning formats
/// (chat, instruction) render each kept record through templates with <c>{field}</c> placeholders.
/// </summary>
public sealed record OutputSpec(string Format, SourceLocation Location)
{
    public static readonly IReadOnlyList<string> Supported = ["parquet", "jsonl", "chat", "instruction"];

    public static readonly IReadOnlyList<string> Planned = [];

    /// <summary>
    /// The codec of Parquet pages when none is named (and always of lineage.parquet): zstd at its fastest level encodes
    /// as fast as Snappy and writes about a third fewer bytes of text; every current Parquet reader decodes it.
    /// </summary>
    public const string DefaultCompression = "zstd";

    /// <summary>The page compression codecs of a parquet output (<c>compression</c>).</summary>
    public static readonly IReadOnlyList<string> Compressions = [DefaultCompression, "snappy", "gzip", "none"];

    /// <summary>A parquet output's page compression, one of <see cref="Compressions"/>.</summary>
    public string Compression { get; init; } = DefaultCompression;

    /// <summary>The templates by role (chat: system, user, assistant; instruction: instruction, input, output), in output order.</summary>
    public IReadOnlyList<TemplateSpec> Templates { get; init; } = [];

    public bool IsFineTuning => Format is "chat" or "instruction";

    /// <summary>The file written for a split: data/all.parquet, data/all.jsonl, data/all.chat.jsonl, data/all.instruction.jsonl.</summary>
    public string FileFor(string split) => Format switch
    {
        "parquet" => $"data/{split}.parquet",
        "jsonl" => $"data/{split}.jsonl",
        _ => $"data/{split}.{Format}.jsonl",
    };
}

/// <summary>A template for one role of a fine-tuning example, with where it was written (or defaulted from the task).</summary>
public sealed record TemplateSpec(string Role, string Text, SourceLocation Location);

/// <summary><c>tokens: { max, min }</c>: the token budget of a rendered fine-tuning example.</summary>
public sealed record TokenBudgetSpec(int? Max, int? Min, SourceLocation Location, string Canonical);
