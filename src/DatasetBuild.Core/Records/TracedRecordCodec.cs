namespace DatasetBuild.Core.Records;

/// <summary>Reads and writes <see cref="TracedRecord"/>s in the canonical encoding (cache entry payloads).</summary>
public static class TracedRecordCodec
{
    public static void Write(BinaryWriter writer, TracedRecord traced)
    {
        var record = traced.Record;
        writer.Write(record.Id);
        writer.Write(record.Row);
        RecordEncoding.WriteNullableString(writer, record.LabelOrigin);
        writer.Write(traced.Dropped);
        if (traced.Dropped)
        {
            RecordEncoding.WriteNullableString(writer, traced.Stage);
            RecordEncoding.WriteNullableString(writer, traced.Reason);
            RecordEncoding.WriteNullableString(writer, traced.Detail);
            RecordEncoding.WriteNullableString(writer, traced.DuplicateOf);
        }

        writer.Write(record.Values.Length);
        foreach (var value in record.Values)
        {
            RecordEncoding.WriteValue(writer, value);
        }

        writer.Write(record.Assets?.Count ?? -1);
        foreach (var asset in record.Assets ?? [])
        {
            asset.Write(writer);
        }

        RecordEncoding.WriteNullableString(writer, traced.Pii);
        RecordEncoding.WriteNullableString(writer, traced.Notes);
        writer.Write(traced.Tokens ?? -1);
        writer.Write(traced.Rendered?.Length ?? -1);
        foreach (var line in traced.Rendered ?? [])
        {
            writer.Write(line);
        }
    }

    public static TracedRecord Read(BinaryReader reader) => ReadAfterId(reader, RecordEncoding.ReadString(reader));

    /// <summary>The rest of a record whose id was read already (a reader that looks at ids before decoding).</summary>
    public static TracedRecord ReadAfterId(BinaryReader reader, string id)
    {
        var row = reader.ReadInt64();
        var labelOrigin = RecordEncoding.ReadNullableString(reader);
        var dropped = reader.ReadBoolean();
        string? stage = null, reason = null, detail = null, duplicateOf = null;
        if (dropped)
        {
            stage = RecordEncoding.ReadNullableString(reader);
            reason = RecordEncoding.ReadNullableString(reader);
            detail = RecordEncoding.ReadNullableString(reader);
            duplicateOf = RecordEncoding.ReadNullableString(reader);
        }

        var count = reader.ReadInt32();
        var values = new object?[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = RecordEncoding.ReadValue(reader);
        }

        var assetCount = reader.ReadInt32();
        Assets.AssetInfo[]? assets = null;
        if (assetCount >= 0)
        {
            assets = new Assets.AssetInfo[assetCount];
            for (var i = 0; i < assetCount; i++)
            {
                assets[i] = Assets.AssetInfo.Read(reader);
            }
        }

        var traced = new TracedRecord(new Record(id, row, values) { LabelOrigin = labelOrigin, Assets = assets });
        if (dropped)
        {
            traced.Drop(stage ?? "", reason ?? "", detail, duplicateOf);
        }

        traced.Pii = RecordEncoding.ReadNullableString(reader);
        traced.Notes = RecordEncoding.ReadNullableString(reader);
        var tokens = reader.ReadInt32();
        traced.Tokens = tokens >= 0 ? tokens : null;
        var rendered = reader.ReadInt32();
        if (rendered >= 0)
        {
            traced.Rendered = new string[rendered];
            for (var i = 0; i < rendered; i++)
            {
                traced.Rendered[i] = RecordEncoding.ReadString(reader);
            }
        }

        return traced;
    }
}
