namespace DatasetBuild.Core.Records;

/// <summary>
/// One record flowing through the stages: its stable id, its 1-based position in its source file,
/// and its values aligned with <see cref="RecordSchema.Fields"/> (null for a missing value).
/// </summary>
public sealed class Record(string id, long row, object?[] values)
{
    public string Id { get; set; } = id;

    public long Row { get; } = row;

    public object?[] Values { get; } = values;

    /// <summary>Where the label came from (source, normalized, rule:NAME…); null when there is no label stage.</summary>
    public string? LabelOrigin { get; set; }

    /// <summary>What ingest found about the files the source's asset fields point at; null when it declares none.</summary>
    public IReadOnlyList<Assets.AssetInfo>? Assets { get; set; }

    /// <summary>The asset of a field, or null when the field is not an asset field of the record's source.</summary>
    public Assets.AssetInfo? AssetOf(string field)
    {
        if (Assets is { } assets)
        {
            foreach (var asset in assets)
            {
                if (asset.Field == field)
                {
                    return asset;
                }
            }
        }

        return null;
    }

    public object? this[int index]
    {
        get => Values[index];
        set => Values[index] = value;
    }
}
