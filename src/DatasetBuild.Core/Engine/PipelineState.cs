using System.Text.Json;
using System.Text.Json.Serialization;
using DatasetBuild.Core.IO;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// What one stage hands to the next (obj/…/dataset/&lt;stage&gt;.state.json): the source files in canonical
/// order with the cache entry that holds each file's records after that stage, the stage reports so far,
/// and global results such as the dedup decisions. Small, and free of absolute paths.
/// </summary>
public sealed class PipelineState
{
    public string SpecSha256 { get; set; } = "";

    public List<FileState> Files { get; set; } = [];

    public List<StageReport> Stages { get; set; } = [];

    /// <summary>The label conflict summary, when labels.conflicts is set.</summary>
    public Stages.ConflictSummary? Conflicts { get; set; }

    /// <summary>What dedup.near found, when it is set.</summary>
    public Stages.NearDedupSummary? NearDedup { get; set; }

    /// <summary>The groups select.long_tail topped up, when it is set.</summary>
    public List<Stages.LongTailGroup>? LongTail { get; set; }

    /// <summary>The spectral review, when review or select.diversity is set.</summary>
    public Stages.ReviewSummary? Review { get; set; }

    /// <summary>What dedup.assets found, when it is set.</summary>
    public Stages.AssetDedupSummary? AssetDedup { get; set; }

    /// <summary>The cache key of the dedup decisions, once the dedup stage has run.</summary>
    public string? DedupKey { get; set; }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = EngineJson.Default,
    };

    public static string PathFor(string stateDirectory, string stage) => Path.Combine(stateDirectory, $"{stage}.state.json");

    /// <summary>
    /// Saves the state. Not flushed to disk, like the outputs it describes: after a power cut a torn state fails to
    /// parse and its stage runs again; flushed, it waited for the file system's journal behind a gigabyte of outputs.
    /// </summary>
    public void Save(string path) => AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(this, Json), durable: false);

    public static PipelineState? TryLoad(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<PipelineState>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One source file in the pipeline.</summary>
public sealed class FileState
{
    public string Source { get; set; } = "";

    public int SourceIndex { get; set; }

    /// <summary>Relative to the spec folder, '/'-separated.</summary>
    public string Path { get; set; } = "";

    public string Sha256 { get; set; } = "";

    /// <summary>Size and last write time when hashed: an unchanged file is not hashed again by the next build.</summary>
    public long Size { get; set; }

    public long ModifiedTicks { get; set; }

    public long Records { get; set; }

    /// <summary>The content hash of the ingested records: CRLF- and rename-independent, it orders files canonically.</summary>
    public string IngestHash { get; set; } = "";

    /// <summary>The cache key of this file's records after each per-file stage (ingest, filter, label).</summary>
    public SortedDictionary<string, string> Entries { get; set; } = new(StringComparer.Ordinal);

    /// <summary>A fingerprint of this file's dedup decisions (empty when none), part of its render key.</summary>
    public string DedupDigest { get; set; } = "";

    /// <summary>Ids changed by the id check (row → new id), when two records of a source got the same default id.</summary>
    public SortedDictionary<long, string>? Renames { get; set; }

    /// <summary>Rows dropped by the id check (row → reason), for declared ids that repeat with on_error: skip.</summary>
    public SortedDictionary<long, string>? IdDrops { get; set; }
}

/// <summary>A stage's figures, as the manifest reports them.</summary>
public sealed class StageReport
{
    public string Name { get; set; } = "";

    public string Kind { get; set; } = "";

    public long RecordsIn { get; set; }

    public long RecordsOut { get; set; }

    public SortedDictionary<string, long> Dropped { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The stage's configuration as written in the spec (keys sorted, values as strings); null for built-in stages.</summary>
    public System.Text.Json.Nodes.JsonNode? Parameters { get; set; }

    public double Seconds { get; set; }

    public string Cache { get; set; } = "miss";
}
