using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Provenance;

/// <summary>Counts the manifest's <c>assets</c> section over every input record, as the emit stage reads them.</summary>
public sealed class AssetSummary
{
    private readonly SortedDictionary<string, ManifestAssetField> _fields = new(StringComparer.Ordinal);
    private readonly HashSet<(string Field, string Sha)> _files = [];

    public void Add(Record record)
    {
        foreach (var asset in record.Assets ?? [])
        {
            if (!_fields.TryGetValue(asset.Field, out var field))
            {
                _fields[asset.Field] = field = new ManifestAssetField();
            }

            field.Records++;
            if (asset.IsMissing)
            {
                field.Missing++;
                continue;
            }

            if (asset.Problem is not null)
            {
                field.Undecodable++;
            }

            if (_files.Add((asset.Field, asset.Sha256!)))
            {
                field.Files++;
                field.Bytes += asset.Bytes;
                var format = asset.Format ?? "unknown";
                field.Formats[format] = field.Formats.GetValueOrDefault(format) + 1;
            }
        }
    }

    public SortedDictionary<string, ManifestAssetField>? ToManifest() => _fields.Count == 0 ? null : _fields;
}
