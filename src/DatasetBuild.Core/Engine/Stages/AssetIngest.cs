using System.Collections.Concurrent;
using System.Text;
using DatasetBuild.Core.Assets;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Sources;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The asset half of ingest, for sources that declare <c>assets</c>. Before a file's ingest key is known, the
/// asset paths its records name are listed (cached per file content, kind <c>asset-refs</c>) and each file's
/// digest is taken (<see cref="AssetDigests"/>): the digests enter the ingest key, so replacing an image
/// re-ingests the files that use it. While ingesting, each record gets an <see cref="AssetInfo"/> per asset
/// field; probes are cached by the asset's sha256 (kind <c>asset-probe</c>), so a renamed or shared file is
/// decoded once.
/// </summary>
public sealed class AssetIngest
{
    public const string RefsKind = "asset-refs";
    public const string ProbeKind = "asset-probe";

    private readonly BuildContext _context;
    private readonly AssetPaths _paths;
    private readonly HashSet<string> _decodeFields;
    private readonly ConcurrentDictionary<(string Sha, bool Decode), AssetInfo> _probes = new();

    public AssetIngest(BuildContext context, AssetDigests digests)
    {
        _context = context;
        Digests = digests;
        _paths = new AssetPaths(context.Spec.SpecDirectory, context.AllowExternalPaths);
        _decodeFields = DecodeFields(context.Spec);
    }

    public AssetDigests Digests { get; }

    /// <summary>Asset fields whose images are decoded in full: asked for by an assets filter with decode, or by dedup.assets with max_distance.</summary>
    public static HashSet<string> DecodeFields(DatasetSpec spec)
    {
        var fields = spec.Filters.OfType<AssetsFilterSpec>().Where(a => a.Decode).SelectMany(a => a.Fields).ToHashSet(StringComparer.Ordinal);
        if (spec.Dedup?.Assets is { MaxDistance: > 0 } near)
        {
            fields.Add(near.Field);
        }

        return fields;
    }

    /// <summary>What a file's ingest key adds for its assets: the fields, which are decoded, and every referenced file's digest.</summary>
    public string KeyPart(SourceFile file, string rawKey)
    {
        var key = new StageKey("asset-digests")
            .Add(string.Join(",", file.Source.Assets))
            .Add(string.Join(",", file.Source.Assets.Where(_decodeFields.Contains)));
        foreach (var path in RefsOf(file, rawKey))
        {
            key.Add(path).Add(Digests.Of(path).Sha256 ?? "absent");
        }

        return key.Finish();
    }

    /// <summary>Gives each readable record its assets; a path outside the project fails the record (or, with on_error: skip, drops it).</summary>
    public IEnumerable<TracedRecord> Attach(IEnumerable<TracedRecord> records, SourceFile file, string displayPath)
    {
        var source = file.Source;
        var fields = source.Assets.Select(f => (Field: f, Index: _context.Spec.Schema.IndexOf(f))).ToList();
        var errors = 0;
        foreach (var traced in records)
        {
            if (!traced.Dropped)
            {
                var assets = new List<AssetInfo>(fields.Count);
                foreach (var (field, index) in fields)
                {
                    var value = traced.Record[index] as string;
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        assets.Add(AssetInfo.MissingAt(field, "", "the field is empty"));
                        continue;
                    }

                    var resolved = _paths.Resolve(file.RelativePath, value);
                    if (resolved.Refused is { } refused)
                    {
                        var message = $"source '{source.Name}': asset '{field}' path '{value}' {refused}";
                        if (source.OnError == "skip")
                        {
                            traced.Drop(SourceFileIngester.Stage, "unreadable record", message);
                            break;
                        }

                        errors++;
                        _context.Diagnostics.Error(DiagnosticCodes.SpecExternalPath, SourceLocation.AtLine(displayPath, LineOf(source, traced.Record.Row)), message);
                        break;
                    }

                    assets.Add(resolved.FullPath is null
                        ? AssetInfo.MissingAt(field, resolved.RelativePath, "a URL: only local files are read")
                        : Probe(field, resolved.RelativePath, resolved.FullPath));
                }

                traced.Record.Assets = assets;
            }

            yield return traced;
        }

        if (errors > 0)
        {
            throw new ErrorsReportedException();
        }
    }

    private AssetInfo Probe(string field, string relative, string full)
    {
        var digest = Digests.Of(relative);
        if (digest.Sha256 is not { } sha)
        {
            return AssetInfo.MissingAt(field, relative, Directory.Exists(full) ? "a folder, not a file" : File.Exists(full) ? "cannot be read" : "no such file");
        }

        var decode = _decodeFields.Contains(field);
        var probe = _probes.GetOrAdd((sha, decode), k => Cached(k.Sha, k.Decode, relative, full));
        return probe.At(field, relative);
    }

    private AssetInfo Cached(string sha, bool decode, string relative, string full)
    {
        var key = new StageKey(ProbeKind).Add(AssetProbe.Version).Add(decode ? "decode" : "header").Add(sha).Finish();
        if (_context.Cache.TryGet(ProbeKind, key) is { } hit)
        {
            using var payload = hit.OpenPayload();
            using var reader = new BinaryReader(payload, Encoding.UTF8);
            var cached = AssetInfo.Read(reader);
            payload.CopyTo(Stream.Null);
            return cached;
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return AssetInfo.MissingAt("", relative, "cannot be read: " + ex.Message);
        }

        var probe = AssetProbe.Probe(bytes, decode);
        if (probe.Sha256 != sha)
        {
            throw DatasetBuildException.At(DiagnosticCodes.StageOrder, SourceLocation.InFile(relative), "the asset changed while the dataset was building; build again");
        }

        _context.Cache.Put(ProbeKind, key, payload =>
        {
            using var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
            probe.Write(writer);
        });
        return probe;
    }

    /// <summary>The distinct asset paths a file's records name (project-relative), cached by the file's raw ingest key.</summary>
    private List<string> RefsOf(SourceFile file, string rawKey)
    {
        if (_context.Cache.TryGet(RefsKind, rawKey) is { } hit)
        {
            using var payload = hit.OpenPayload();
            using var reader = new BinaryReader(payload, Encoding.UTF8);
            var cached = new List<string>();
            while (reader.ReadByte() == 1)
            {
                cached.Add(reader.ReadString());
            }

            payload.CopyTo(Stream.Null);
            return cached;
        }

        var refs = new SortedSet<string>(StringComparer.Ordinal);
        var indexes = file.Source.Assets.Select(_context.Spec.Schema.IndexOf).ToList();
        try
        {
            // Problems are reported by the ingest proper; here only the paths matter.
            foreach (var traced in new SourceFileIngester(_context.Spec.Schema, new DiagnosticBag()).Ingest(file, file.RelativePath))
            {
                foreach (var index in traced.Dropped ? [] : indexes)
                {
                    if (traced.Record[index] is string { Length: > 0 } value && _paths.Resolve(file.RelativePath, value) is { FullPath: not null } resolved)
                    {
                        refs.Add(resolved.RelativePath);
                    }
                }
            }
        }
        catch (ErrorsReportedException)
        {
            return [.. refs]; // a broken file fails its ingest anyway; nothing is cached
        }

        _context.Cache.Put(RefsKind, rawKey, payload =>
        {
            using var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
            foreach (var path in refs)
            {
                writer.Write((byte)1);
                writer.Write(path);
            }

            writer.Write((byte)0);
        });
        return [.. refs];
    }

    private static long LineOf(SourceSpec source, long row) => source.Format == "csv" ? row + 1 : row;
}
