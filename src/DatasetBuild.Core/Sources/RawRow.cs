namespace DatasetBuild.Core.Sources;

/// <summary>
/// One row as a reader found it: the 1-based row (line for jsonl/text, data row for csv, row + 1 for
/// parquet), the projected raw values (string, long, double, bool, DateTime, <see cref="JsonText"/> or
/// null), or the problem that made the row unreadable.
/// </summary>
public readonly record struct RawRow(long Row, object?[]? Values, RowProblem? Problem);

/// <summary>Why a row could not be read, and where (line and column in the file; column 0 when unknown).</summary>
public sealed record RowProblem(long Line, int Column, string Message);

/// <summary>A nested JSON object or array, kept as its JSON text.</summary>
public sealed record JsonText(string Json);

/// <summary>A column the reader must project; a missing required column fails the file.</summary>
public sealed record SourceColumn(string Name, bool Required);
