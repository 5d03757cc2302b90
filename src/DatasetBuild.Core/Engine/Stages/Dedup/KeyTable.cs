using DatasetBuild.Core.IO;
using DatasetBuild.Core.Operators.Dedup.Near;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// Every kept record's dedup keys, one column per key, indexed by the record's position in canonical order
/// (source order, then file, then row). Columnar so a million records cost a few arrays, not a million objects.
/// The optional columns (labels and rows, captions, near-dedup lengths and bands, asset hashes) are filled only when a
/// pass that reads them runs (<see cref="KeyTableColumns"/>), and are empty otherwise.
/// </summary>
/// <param name="bandCount">The LSH bands per record of dedup.near (0 without it).</param>
public sealed class KeyTable(int bandCount = 0)
{
    public IdColumn Ids { get; } = new();

    /// <summary>The record's file: its position in the pipeline state.</summary>
    public List<int> Files { get; } = [];

    /// <summary>The record's row in its source file (only with <see cref="KeyTableColumns.LabelsAndRows"/>).</summary>
    public List<long> Rows { get; } = [];

    /// <summary>The dedup.exact key (or the conflict grouping key); null when all its fields are missing.</summary>
    public List<Hash128?> Exact { get; } = [];

    /// <summary>The record's label (only with <see cref="KeyTableColumns.LabelsAndRows"/>).</summary>
    public List<string?> Labels { get; } = [];

    /// <summary>The values of the fields select groups by (cap.by, long_tail.by), as invariant strings.</summary>
    public Dictionary<string, List<string?>> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>The hash of the normalised caption, for caption max_reuse.</summary>
    public List<Hash128?> Captions { get; } = [];

    /// <summary>The near-dedup field's length in characters (for keep: longest).</summary>
    public List<int> Lengths { get; } = [];

    /// <summary>
    /// The LSH band keys of each record (dedup.near); none when its text has no shingles. Without dedup.near it stays
    /// empty (a table of one band, never filled).
    /// </summary>
    public BandKeyTable Bands { get; } = new(Math.Max(bandCount, 1));

    /// <summary>dedup.assets: the first 128 bits of the asset's sha256; null when the record has no readable asset.</summary>
    public List<Hash128?> AssetHashes { get; } = [];

    /// <summary>dedup.assets with max_distance: the decoded image's 64-bit dHash; null when it did not decode.</summary>
    public List<ulong?> DHashes { get; } = [];

    public int Count => Ids.Count;

    /// <summary>Sizes every column for <paramref name="records"/> records, so appending parts never regrows them.</summary>
    public void EnsureCapacity(int records, IEnumerable<string> valueFields, KeyTableColumns optional)
    {
        Ids.EnsureCapacity(records);
        Files.EnsureCapacity(records);
        Rows.EnsureCapacity(optional.HasFlag(KeyTableColumns.LabelsAndRows) ? records : 0);
        Exact.EnsureCapacity(records);
        Labels.EnsureCapacity(optional.HasFlag(KeyTableColumns.LabelsAndRows) ? records : 0);
        foreach (var name in valueFields)
        {
            if (!Values.TryGetValue(name, out var column))
            {
                Values.Add(name, column = []);
            }

            column.EnsureCapacity(records);
        }

        Captions.EnsureCapacity(optional.HasFlag(KeyTableColumns.Captions) ? records : 0);
        Lengths.EnsureCapacity(optional.HasFlag(KeyTableColumns.Near) ? records : 0);
        Bands.EnsureCapacity(optional.HasFlag(KeyTableColumns.Near) ? Math.Min(records, Bands.MaxRecords) : 0);
        AssetHashes.EnsureCapacity(optional.HasFlag(KeyTableColumns.Assets) ? records : 0);
        DHashes.EnsureCapacity(optional.HasFlag(KeyTableColumns.Assets) ? records : 0);
    }
}
