using System.IO.Hashing;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Sources;

/// <summary>
/// Reads one source file into records of the schema: projects the mapped fields, coerces types,
/// and assigns ids. A bad row is a located error (<c>on_error: fail</c>, the default) or a row dropped
/// at stage <c>ingest</c> with the defect as its reason (<c>on_error: skip</c>).
/// </summary>
public sealed class SourceFileIngester(RecordSchema schema, DiagnosticBag diagnostics)
{
    /// <summary>Errors reported per file before the rest are summarised, so a broken file cannot flood the log.</summary>
    public const int MaxErrorsPerFile = 50;

    public const string Stage = "ingest";

    /// <summary>
    /// Streams the file's records in row order. Errors go to the diagnostics as they are found; when the
    /// enumeration ends with errors it throws <see cref="ErrorsReportedException"/>, so no cache entry is committed.
    /// </summary>
    public IEnumerable<TracedRecord> Ingest(SourceFile file, string displayPath)
    {
        var source = file.Source;
        var columns = schema.Fields
            .Select(f => new SourceColumn(source.RawNameOf(f.Name), !f.Optional))
            .ToList();
        if (source.IdField is not null)
        {
            columns.Add(new SourceColumn(source.IdField, true));
        }

        var skip = source.OnError == "skip";
        var errors = 0;
        TracedRecord? Problem(long row, long line, int column, string message)
        {
            if (skip)
            {
                var rejected = new TracedRecord(new Record(RejectedId(source.Name, file.RelativePath, row), row, new object?[schema.Count]));
                rejected.Drop(Stage, "unreadable record", message);
                return rejected;
            }

            errors++;
            if (errors <= MaxErrorsPerFile)
            {
                diagnostics.Error(DiagnosticCodes.SourceBadValue, new SourceLocation(displayPath, (int)line, column), message);
            }

            return null;
        }

        var rows = SourceReaders.For(source.Format, source.Delimiter).Read(file.FullPath, displayPath, columns);
        foreach (var row in rows)
        {
            if (row.Problem is { } problem)
            {
                if (Problem(row.Row, problem.Line, problem.Column, problem.Message) is { } rejected)
                {
                    yield return rejected;
                }

                continue;
            }

            var raw = row.Values!;
            var values = new object?[schema.Count];
            string? rowError = null;
            for (var i = 0; i < schema.Count && rowError is null; i++)
            {
                var field = schema.Fields[i];
                if (!ValueCoercer.TryCoerce(raw[i], field.Type, out values[i], out var coercionProblem))
                {
                    rowError = $"field '{field.Name}'{FromRaw(source, field.Name)}: {coercionProblem}";
                }
                else if (values[i] is null && !field.Optional)
                {
                    rowError = $"missing required field '{field.Name}'{FromRaw(source, field.Name)}";
                }
            }

            string? id = null;
            if (rowError is null && source.IdField is not null)
            {
                ValueCoercer.TryCoerce(raw[schema.Count], FieldType.String, out var idValue, out _);
                id = idValue as string;
                if (string.IsNullOrWhiteSpace(id))
                {
                    rowError = $"missing record id (field '{source.IdField}')";
                }
            }

            if (rowError is not null)
            {
                if (Problem(row.Row, SourceLineOf(source, row.Row), 0, rowError) is { } rejected)
                {
                    yield return rejected;
                }

                continue;
            }

            yield return new TracedRecord(new Record(id ?? DefaultId(source.Name, values), row.Row, values));
        }

        if (errors > MaxErrorsPerFile)
        {
            diagnostics.Error(DiagnosticCodes.SourceBadValue, SourceLocation.InFile(displayPath), $"{errors - MaxErrorsPerFile} more bad records not shown ({errors} in all)");
        }

        if (errors > 0)
        {
            throw new ErrorsReportedException();
        }
    }

    /// <summary>The default record id: 16 hex digits of XxHash128 over the source name and the record's values.</summary>
    public static string DefaultId(string sourceName, IReadOnlyList<object?> values)
    {
        var hasher = new XxHash128();
        hasher.Append(System.Text.Encoding.UTF8.GetBytes(sourceName));
        hasher.Append([0]);
        hasher.Append(RecordEncoding.ContentBytes(values));
        return Convert.ToHexStringLower(hasher.GetCurrentHash())[..16];
    }

    /// <summary>The id of a row that could not be read: stable for its source, file and row.</summary>
    public static string RejectedId(string sourceName, string relativePath, long row)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes($"{sourceName}\0{relativePath}\0{row}");
        return "rejected-" + Convert.ToHexStringLower(XxHash128.Hash(bytes))[..16];
    }

    private static string FromRaw(SourceSpec source, string field) =>
        source.RawNameOf(field) is var raw && raw != field ? $" (from '{raw}')" : "";

    /// <summary>For csv, the row is a data row; the line shown assumes one physical line per row after the header.</summary>
    private static long SourceLineOf(SourceSpec source, long row) => source.Format == "csv" ? row + 1 : row;
}
