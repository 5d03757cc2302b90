namespace DatasetBuild.Core.Records;

/// <summary>
/// Everything a stage may change in a <see cref="TracedRecord"/>, captured before the stage's operators run, so
/// the stage can tell whether they changed it (and write only the records that changed).
/// </summary>
public readonly struct TracedRecordSnapshot(TracedRecord traced)
{
    private readonly string _id = traced.Record.Id;
    private readonly object?[] _values = (object?[])traced.Record.Values.Clone();
    private readonly string? _labelOrigin = traced.Record.LabelOrigin;
    private readonly bool _dropped = traced.Dropped;
    private readonly string? _stage = traced.Stage;
    private readonly string? _reason = traced.Reason;
    private readonly string? _detail = traced.Detail;
    private readonly string? _duplicateOf = traced.DuplicateOf;
    private readonly string? _pii = traced.Pii;
    private readonly string? _notes = traced.Notes;
    private readonly int? _tokens = traced.Tokens;
    private readonly string[]? _rendered = traced.Rendered?.ToArray();

    /// <summary>True when <paramref name="now"/> (the same record, after the stage) encodes exactly as it did.</summary>
    public bool Matches(TracedRecord now)
    {
        var record = now.Record;
        if (record.Id != _id || record.LabelOrigin != _labelOrigin || now.Dropped != _dropped || now.Stage != _stage
            || now.Reason != _reason || now.Detail != _detail || now.DuplicateOf != _duplicateOf || now.Pii != _pii
            || now.Notes != _notes || now.Tokens != _tokens || !SameRendered(now.Rendered))
        {
            return false;
        }

        for (var i = 0; i < _values.Length; i++)
        {
            if (!Equals(_values[i], record.Values[i]))
            {
                return false;
            }
        }

        return true;
    }

    private bool SameRendered(string[]? rendered) =>
        rendered is null ? _rendered is null : _rendered is not null && rendered.AsSpan().SequenceEqual(_rendered);
}
