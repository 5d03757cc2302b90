using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Spec.Model;

/// <summary>One entry of <c>outputs:</c>; the data files are written per split in this format.</summary>
public sealed record OutputSpec(string Format, SourceLocation Location)
{
    public static readonly IReadOnlyList<string> Supported = ["parquet", "jsonl"];

    public static readonly IReadOnlyList<string> Planned = ["chat", "instruction"];
}
