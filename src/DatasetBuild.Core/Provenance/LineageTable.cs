using DatasetBuild.Core.Output;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Sources;

namespace DatasetBuild.Core.Provenance;

/// <summary>The columns of lineage.parquet: one row per input record.</summary>
public static class LineageTable
{
    public static readonly IReadOnlyList<TableColumn> Columns =
    [
        new("record_id", FieldType.String),
        new("source", FieldType.String),
        new("source_file", FieldType.String),
        new("source_row", FieldType.Int),
        new("status", FieldType.String),
        new("stage", FieldType.String),
        new("reason", FieldType.String),
        new("duplicate_of", FieldType.String),
        new("label", FieldType.String),
        new("label_origin", FieldType.String),
        new("split", FieldType.String),
        new("pii", FieldType.String),
        new("notes", FieldType.String),
        new("assets", FieldType.String),
    ];

    public static object?[] Row(TracedRecord traced, string source, string file, string? label, string? split) =>
    [
        traced.Record.Id,
        source,
        file,
        traced.Record.Row,
        traced.Dropped ? "dropped" : "kept",
        traced.Stage,
        traced.LineageReason,
        traced.DuplicateOf,
        label,
        traced.Record.LabelOrigin,
        split,
        traced.Pii,
        traced.Notes,
        Assets.AssetInfo.LineageJson(traced.Record.Assets),
    ];

    /// <summary>Reads the chosen columns of a lineage.parquet, row by row, in lineage order.</summary>
    public static IEnumerable<object?[]> Read(string path, params string[] columns) =>
        new ParquetSourceReader()
            .Read(path, Path.GetFileName(path), columns.Select(c => new SourceColumn(c, true)).ToList())
            .Select(row => row.Values!);
}
