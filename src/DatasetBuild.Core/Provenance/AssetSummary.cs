using DatasetBuild.Core.Engine.Stages.Emit;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Provenance;

/// <summary>
/// Counts the manifest's <c>assets</c> section over every input record, as the emit stage reads them: per asset
/// field the records, the missing and undecodable ones, and the distinct files (by sha256) with their size and format.
/// </summary>
public sealed class AssetSummary : IEmitTally
{
    private readonly SortedDictionary<string, (long Records, long Missing, long Undecodable)> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Field, string Sha), (long Bytes, string Format)> _files = [];
    private readonly List<(string Field, string Sha)> _fileOrder = [];

    public void Add(Record record)
    {
        foreach (var asset in record.Assets ?? [])
        {
            var (records, missing, undecodable) = _records.GetValueOrDefault(asset.Field);
            if (asset.IsMissing)
            {
                _records[asset.Field] = (records + 1, missing + 1, undecodable);
                continue;
            }

            _records[asset.Field] = (records + 1, missing, undecodable + (asset.Problem is not null ? 1 : 0));
            AddFile(asset.Field, asset.Sha256!, asset.Bytes, asset.Format ?? "unknown");
        }
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_records.Count);
        foreach (var (field, (records, missing, undecodable)) in _records)
        {
            writer.Write(field);
            writer.Write(records);
            writer.Write(missing);
            writer.Write(undecodable);
        }

        writer.Write(_fileOrder.Count);
        foreach (var file in _fileOrder)
        {
            var (bytes, format) = _files[file];
            writer.Write(file.Field);
            writer.Write(file.Sha);
            writer.Write(bytes);
            writer.Write(format);
        }
    }

    public void MergeFrom(BinaryReader reader)
    {
        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            var field = reader.ReadString();
            var (records, missing, undecodable) = _records.GetValueOrDefault(field);
            _records[field] = (records + reader.ReadInt64(), missing + reader.ReadInt64(), undecodable + reader.ReadInt64());
        }

        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            AddFile(reader.ReadString(), reader.ReadString(), reader.ReadInt64(), reader.ReadString());
        }
    }

    public SortedDictionary<string, ManifestAssetField>? ToManifest()
    {
        if (_records.Count == 0)
        {
            return null;
        }

        var fields = new SortedDictionary<string, ManifestAssetField>(StringComparer.Ordinal);
        foreach (var (field, (records, missing, undecodable)) in _records)
        {
            fields[field] = new ManifestAssetField { Records = records, Missing = missing, Undecodable = undecodable };
        }

        foreach (var file in _fileOrder)
        {
            var (bytes, format) = _files[file];
            var field = fields[file.Field];
            field.Files++;
            field.Bytes += bytes;
            field.Formats[format] = field.Formats.GetValueOrDefault(format) + 1;
        }

        return fields;
    }

    private void AddFile(string field, string sha, long bytes, string format)
    {
        if (_files.TryAdd((field, sha), (bytes, format)))
        {
            _fileOrder.Add((field, sha));
        }
    }
}
