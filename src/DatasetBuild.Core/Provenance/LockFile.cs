using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Provenance;

/// <summary>
/// dataset.lock.json, beside the spec and committed with it: pins the spec hash, every source file's hash
/// and the output content hash of a dataset version. Written by unlocked builds when it changes; a locked
/// build (-p:DatasetLocked=true) and `dsb verify` fail on any drift from it.
/// </summary>
public sealed class LockFile
{
    public const string FileName = "dataset.lock.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = Engine.EngineJson.Default,
    };

    public int LockVersion { get; set; } = 1;

    public string Name { get; set; } = "";

    public string Version { get; set; } = "";

    public string SpecSha256 { get; set; } = "";

    public string ContentHash { get; set; } = "";

    /// <summary>
    /// The last version and content that passed the version check (DSB4007): a build compares its content and version
    /// with these, not with the last build's, and moves them only when the check passes. A change built without a
    /// sufficient bump thus warns on every build that runs emit until the version is bumped enough, and a lock
    /// committed in that state fails a locked build. Null in locks written before they existed, which then count
    /// <see cref="Version"/> and <see cref="ContentHash"/>.
    /// </summary>
    public string? CheckedVersion { get; set; }

    /// <summary>The content hash that <see cref="CheckedVersion"/> stands for.</summary>
    public string? CheckedContentHash { get; set; }

    /// <summary>The last version and content that passed the version check (see <see cref="CheckedVersion"/>).</summary>
    [JsonIgnore]
    public (string Version, string ContentHash) Checked => (CheckedVersion ?? Version, CheckedContentHash ?? ContentHash);

    /// <summary>Whether the lock's version and content are the ones that passed the version check.</summary>
    [JsonIgnore]
    public bool IsChecked => Checked == (Version, ContentHash);

    public long Records { get; set; }

    public List<LockSource> Sources { get; set; } = [];

    public static string PathBeside(string specPath) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(specPath))!, FileName);

    public byte[] Serialize() => [.. JsonSerializer.SerializeToUtf8Bytes(this, Json), (byte)'\n'];

    /// <summary>The lock, null when there is none; a lock that is not valid JSON is a located error.</summary>
    public static LockFile? TryRead(string path)
    {
        var (locked, invalid) = Parse(path);
        return invalid is null
            ? locked
            : throw DatasetBuildException.At(DiagnosticCodes.LockInvalid, InvalidAt(path, invalid), $"the lock file is not valid: {JsonErrorText.Of(invalid)}; delete it and build without DatasetLocked to write a new one");
    }

    /// <summary>
    /// The lock as an unlocked build reads it, which writes a new one anyway: a lock that is not valid JSON is a
    /// located warning (DSB4008) and counts as none.
    /// </summary>
    public static LockFile? ReadForRewrite(string path, DiagnosticBag diagnostics)
    {
        var (locked, invalid) = Parse(path);
        if (invalid is not null)
        {
            diagnostics.Warning(DiagnosticCodes.LockInvalid, InvalidAt(path, invalid), $"the lock file is not valid: {JsonErrorText.Of(invalid)}; this build replaces it (without a version check)");
        }

        return locked;
    }

    private static (LockFile? Lock, JsonException? Invalid) Parse(string path)
    {
        if (!File.Exists(path))
        {
            return (null, null);
        }

        try
        {
            return (FromBytes(File.ReadAllBytes(path)), null);
        }
        catch (JsonException ex)
        {
            return (null, ex);
        }
    }

    /// <summary>A lock from its JSON bytes; throws <see cref="JsonException"/> when they are not one.</summary>
    public static LockFile FromBytes(byte[] json) => JsonSerializer.Deserialize<LockFile>(json, Json) ?? throw new JsonException("empty lock file");

    private static SourceLocation InvalidAt(string path, JsonException invalid) => new(path, (int)(invalid.LineNumber ?? 0) + 1, (int)(invalid.BytePositionInLine ?? 0) + 1);

    /// <summary>
    /// Where in the lock file a text occurs (its 1-based line), to locate drift errors: its first occurrence, or the
    /// first after a line holding <paramref name="after"/> when given.
    /// </summary>
    public static SourceLocation Locate(string path, string needle, string? after = null)
    {
        var lines = File.Exists(path) ? File.ReadAllLines(path) : [];
        var from = after is null ? 0 : Array.FindIndex(lines, l => l.Contains(after, StringComparison.Ordinal)) + 1;
        for (var i = from; i < lines.Length; i++)
        {
            var column = lines[i].IndexOf(needle, StringComparison.Ordinal);
            if (column >= 0)
            {
                return new SourceLocation(path, i + 1, column + 1);
            }
        }

        return SourceLocation.InFile(path);
    }
}

public sealed class LockSource
{
    public string Name { get; set; } = "";

    public List<LockSourceFile> Files { get; set; } = [];
}

public sealed class LockSourceFile
{
    public string Path { get; set; } = "";

    public string Sha256 { get; set; } = "";
}
