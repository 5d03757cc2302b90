using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using DatasetBuild.Core.IO;

namespace DatasetBuild.Core.Assets;

/// <summary>
/// The sha256 of every asset file a build uses, remembered with its size and write time in the state folder
/// (<c>assets.json</c>), so an unchanged asset is not hashed again. Which assets existed at the last ingest
/// is also what the MSBuild targets watch (the task writes <c>assets.g.props</c> from it).
/// </summary>
public sealed class AssetDigests
{
    public const string FileName = "assets.json";

    private readonly string _specDirectory;
    private readonly Dictionary<string, Entry> _known;
    private readonly ConcurrentDictionary<string, Entry> _used = new(StringComparer.Ordinal);

    private AssetDigests(string specDirectory, Dictionary<string, Entry> known)
    {
        _specDirectory = specDirectory;
        _known = known;
    }

    /// <summary>One asset as last seen: absent (<see cref="Sha256"/> null) or its size, write time and digest.</summary>
    public sealed record Entry(string Path, string? Sha256, long Size, long ModifiedTicks);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, TypeInfoResolver = Engine.EngineJson.Default };

    public static AssetDigests Load(string stateDirectory, string specDirectory)
    {
        var known = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var entry in ReadEntries(stateDirectory))
        {
            known[entry.Path] = entry;
        }

        return new AssetDigests(specDirectory, known);
    }

    /// <summary>The entries of the last ingest, in path order (for the MSBuild inputs).</summary>
    public static IReadOnlyList<Entry> ReadEntries(string stateDirectory)
    {
        var path = System.IO.Path.Combine(stateDirectory, FileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<List<Entry>>(File.ReadAllBytes(path), Engine.EngineJson.Plain) ?? [] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The asset's digest now, or null when it is not a readable file; hashed only when its size or time changed.</summary>
    public Entry Of(string relativePath)
    {
        if (_used.TryGetValue(relativePath, out var seen))
        {
            return seen;
        }

        var full = System.IO.Path.Combine(_specDirectory, relativePath);
        var info = new FileInfo(full);
        Entry entry;
        if (!info.Exists)
        {
            entry = new Entry(relativePath, null, 0, 0);
        }
        else if (_known.TryGetValue(relativePath, out var known) && known.Sha256 is not null && known.Size == info.Length && known.ModifiedTicks == info.LastWriteTimeUtc.Ticks)
        {
            entry = known;
        }
        else
        {
            entry = new Entry(relativePath, Hash(full), info.Length, info.LastWriteTimeUtc.Ticks);
        }

        return _used.GetOrAdd(relativePath, entry);
    }

    /// <summary>Writes the assets this build used (only when that changes anything).</summary>
    public void Save(string stateDirectory)
    {
        var entries = _used.Values.OrderBy(e => e.Path, StringComparer.Ordinal).ToList();
        AtomicFile.WriteIfChanged(System.IO.Path.Combine(stateDirectory, FileName), JsonSerializer.SerializeToUtf8Bytes(entries, Indented), durable: false); // a torn one fails to parse: the assets are looked at again
    }

    private static string? Hash(string full)
    {
        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
