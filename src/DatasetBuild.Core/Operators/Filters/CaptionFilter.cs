using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary>
/// <c>caption</c>, per record: a caption with fewer than <c>min_words</c> words is "too short"; one that is
/// nothing but generic phrases and filler words ("an image of a person standing outside") is "generic".
/// Verbatim reuse across records needs every record at once and is decided in the dedup stage
/// (<see cref="Engine.Stages.CaptionReusePass"/>). With <c>action: flag</c> the record is kept and lineage notes why.
/// </summary>
public sealed class CaptionFilter(CaptionFilterSpec spec, RecordSchema schema) : RecordOperator(spec.DisplayName, "filter")
{
    private readonly int _field = schema.IndexOf(spec.Field);
    private readonly VagueCaption _vague = new(spec.Generic);

    protected override OperatorResult Decide(Record record, OperatorContext context)
    {
        var caption = record[_field] as string;
        var verdict = caption is null ? ("missing", $"'{spec.Field}' is missing") : _vague.Judge(caption, spec.MinWords);
        if (verdict is not { } vague)
        {
            return OperatorResult.Kept;
        }

        if (spec.Action == "flag")
        {
            LastNote = $"vague caption: {vague.Kind} ({vague.Detail})";
            return OperatorResult.Kept;
        }

        return OperatorResult.Drop($"vague caption: {vague.Kind}", vague.Detail);
    }
}
