using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Spec.Yaml;

namespace DatasetBuild.Core.Spec.Model;

/// <summary>One entry of <c>sources:</c>: a glob of files in one format, with licence and provenance.</summary>
public sealed record SourceSpec(
    string Name,
    string Path,
    string Format,
    string? IdField,
    IReadOnlyDictionary<string, string> Map,
    string OnError,
    string License,
    ProvenanceSpec? Provenance,
    SourceLocation Location,
    SourceLocation PathLocation,
    YamlMapping Node)
{
    public static readonly IReadOnlyList<string> Formats = ["jsonl", "csv", "parquet", "text"];

    public static readonly IReadOnlyList<string> OnErrorModes = ["fail", "skip"];

    /// <summary>The CSV field delimiter (',' by default; '\t' for .tsv files).</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>
    /// The fields that hold paths to asset files (images, audio), relative to the source file's folder. Each
    /// asset's digest and decoded properties travel with the record (<see cref="Records.Record.Assets"/>).
    /// </summary>
    public IReadOnlyList<string> Assets { get; init; } = [];

    /// <summary>Where the <c>assets</c> list starts.</summary>
    public SourceLocation AssetsLocation { get; init; }

    /// <summary>Where the <c>license</c> value starts, for the licence policy's errors.</summary>
    public SourceLocation LicenseLocation { get; init; }

    /// <summary>The <c>license</c> value is a quoted scalar (its text starts one column later).</summary>
    public bool LicenseQuoted { get; init; }

    /// <summary>The name a target field is read from in the raw record (the map, else the field itself).</summary>
    public string RawNameOf(string field) => Map.TryGetValue(field, out var raw) ? raw : field;
}

/// <summary>Where a source came from and what it may be used for; copied into the manifest.</summary>
public sealed record ProvenanceSpec(
    string? Origin,
    string? Collected,
    string? Method,
    string? Consent,
    IReadOnlyList<string> Permissions);
