using System.Globalization;
using System.Text.Json;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Engine.Stages.Emit;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// <c>feedback</c>: a model's evaluation results beside coverage. The file is JSON Lines; a row is either
/// per record — <c>id</c> plus <c>correct</c> (true/false) or <c>error</c> (true/false or 1/0), joined to the kept
/// record with that id — or per slice — the <c>by</c> field's value (under the field's own name, or
/// <c>slice</c>) plus <c>error_rate</c> and optionally <c>count</c>. Per value of <c>by</c> the report gives the
/// kept records, the evaluated ones, the errors and the error rate, so thin slices with high error stand out.
/// </summary>
public sealed class FeedbackReport : IEmitTally
{
    private readonly FeedbackSpec _spec;
    private readonly int _field;
    private readonly Dictionary<string, bool> _perRecord;
    private readonly Dictionary<string, (double Rate, long? Count)> _perSlice;
    private readonly SortedDictionary<string, (long Records, long Evaluated, long Errors)> _slices = new(StringComparer.Ordinal);

    private FeedbackReport(FeedbackSpec spec, RecordSchema schema, string sha256)
    {
        _spec = spec;
        _field = spec.By == RecordSchema.IdField ? -1 : schema.IndexOf(spec.By);
        Sha256 = sha256;
        _perRecord = new(StringComparer.Ordinal);
        _perSlice = new(StringComparer.Ordinal);
    }

    private FeedbackReport(FeedbackReport loaded)
    {
        _spec = loaded._spec;
        _field = loaded._field;
        Sha256 = loaded.Sha256;
        _perRecord = loaded._perRecord;
        _perSlice = loaded._perSlice;
    }

    /// <summary>The same file's evaluations with no record counted yet (for one piece of the emit stage's work).</summary>
    public FeedbackReport Fresh() => new(this);

    public string Sha256 { get; }

    public static FeedbackReport Load(FeedbackSpec spec, DatasetSpec dataset, bool allowExternalPaths)
    {
        var path = ProjectPath.Resolve(dataset.SpecDirectory, spec.File, allowExternalPaths, spec.FileLocation,
            $"'feedback.file' ({spec.File}) is outside the project folder; build with -p:DatasetAllowExternalPaths=true to allow it");

        if (!File.Exists(path))
        {
            throw DatasetBuildException.At(DiagnosticCodes.SpecNotFound, spec.FileLocation, $"'feedback.file': {spec.File} does not exist");
        }

        var report = new FeedbackReport(spec, dataset.Schema, FileSha256.Of(path, normalizeLineEndings: true));
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (!string.IsNullOrWhiteSpace(text))
            {
                report.Read(text, SourceLocation.AtLine(spec.File, line));
            }
        }

        return report;
    }

    private void Read(string text, SourceLocation at)
    {
        try
        {
            using var row = JsonDocument.Parse(text);
            var root = row.RootElement;
            if (root.TryGetProperty("error_rate", out var rate))
            {
                var slice = root.TryGetProperty(_spec.By, out var value) || root.TryGetProperty("slice", out value) ? Scalar(value) : null;
                if (slice is null || rate.ValueKind != JsonValueKind.Number)
                {
                    throw DatasetBuildException.At(DiagnosticCodes.SourceMalformedRecord, at, $"a per-slice feedback row needs '{_spec.By}' (or 'slice') and a numeric 'error_rate'");
                }

                _perSlice[slice] = (rate.GetDouble(), root.TryGetProperty("count", out var count) && count.ValueKind == JsonValueKind.Number ? count.GetInt64() : null);
                return;
            }

            if (!root.TryGetProperty("id", out var id) || Scalar(id) is not { } recordId || Error(root) is not { } error)
            {
                throw DatasetBuildException.At(DiagnosticCodes.SourceMalformedRecord, at, "a feedback row needs 'id' with 'correct' or 'error', or a slice with 'error_rate'");
            }

            _perRecord[recordId] = error;
        }
        catch (JsonException ex)
        {
            throw DatasetBuildException.At(DiagnosticCodes.SourceMalformedRecord, at, $"malformed JSON: {JsonErrorText.Of(ex)}");
        }
    }

    private static bool? Error(JsonElement root)
    {
        if (root.TryGetProperty("correct", out var correct) && correct.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return !correct.GetBoolean();
        }

        if (!root.TryGetProperty("error", out var error))
        {
            return null;
        }

        return error.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => error.GetDouble() != 0,
            _ => null,
        };
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    /// <summary>Counts a kept record under its value of <c>by</c>, with its evaluation when the file has one.</summary>
    public void Add(Record record)
    {
        var raw = _field == -1 ? record.Id : record[_field];
        var value = raw is null ? "(missing)" : Convert.ToString(raw, CultureInfo.InvariantCulture) ?? "";
        var (records, evaluated, errors) = _slices.GetValueOrDefault(value);
        if (_perRecord.TryGetValue(record.Id, out var error))
        {
            evaluated++;
            errors += error ? 1 : 0;
        }

        _slices[value] = (records + 1, evaluated, errors);
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_slices.Count);
        foreach (var (value, (records, evaluated, errors)) in _slices)
        {
            writer.Write(value);
            writer.Write(records);
            writer.Write(evaluated);
            writer.Write(errors);
        }
    }

    public void MergeFrom(BinaryReader reader)
    {
        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            var value = reader.ReadString();
            var (records, evaluated, errors) = _slices.GetValueOrDefault(value);
            _slices[value] = (records + reader.ReadInt64(), evaluated + reader.ReadInt64(), errors + reader.ReadInt64());
        }
    }

    /// <summary>The error rate of each value (per-slice rows win over per-record counts); null for values never evaluated.</summary>
    public double? RateOf(string value) =>
        _perSlice.TryGetValue(value, out var slice) ? slice.Rate
        : _slices.TryGetValue(value, out var s) && s.Evaluated > 0 ? (double)s.Errors / s.Evaluated
        : null;

    public ManifestFeedback ToManifest() => new()
    {
        File = _spec.File,
        By = _spec.By,
        Sha256 = Sha256,
        Slices = [.. _slices.Keys.Union(_perSlice.Keys).Order(StringComparer.Ordinal).Select(value =>
        {
            var (records, evaluated, errors) = _slices.GetValueOrDefault(value);
            var perSlice = _perSlice.TryGetValue(value, out var slice);
            return new ManifestFeedbackSlice
            {
                Value = value,
                Records = records,
                Evaluated = perSlice ? slice.Count : evaluated,
                Errors = perSlice ? null : errors,
                ErrorRate = RateOf(value) is { } rate ? Math.Round(rate, 6) : null,
            };
        })],
    };
}

/// <summary>The manifest's <c>feedback</c>: per value of <c>by</c>, kept records beside the model's error rate.</summary>
public sealed class ManifestFeedback
{
    public string File { get; set; } = "";

    public string By { get; set; } = "";

    public string Sha256 { get; set; } = "";

    public List<ManifestFeedbackSlice> Slices { get; set; } = [];
}

public sealed class ManifestFeedbackSlice
{
    public string Value { get; set; } = "";

    /// <summary>Kept records with this value.</summary>
    public long Records { get; set; }

    /// <summary>Evaluated records (per-record rows matched by id, or the per-slice row's count).</summary>
    public long? Evaluated { get; set; }

    public long? Errors { get; set; }

    public double? ErrorRate { get; set; }
}
