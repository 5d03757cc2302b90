using DatasetBuild.Core.Assets;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Engine;
using DatasetBuild.Core.Operators;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Sources;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Spec.Yaml;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// Ingest of one source file, cached by (engine, the source's reading config, schema, file SHA-256, and for a
/// source with <c>assets</c> the digests of the asset files its records name): adding or changing one file, or
/// replacing one image, re-reads only the files concerned.
/// </summary>
public sealed class IngestFileStage(BuildContext context, AssetIngest? assets = null)
{
    private readonly AssetIngest? _assets = assets
        ?? (context.Spec.Sources.Any(s => s.Assets.Count > 0) ? new AssetIngest(context, AssetDigests.Load(context.StateDirectory, context.Spec.SpecDirectory)) : null);

    public const string Kind = "ingest";

    /// <summary>Beside each ingest entry: the (row, id) pairs, so the id check never reads the records.</summary>
    public const string IdsKind = "ingest-ids";

    /// <summary>Beside each ingest entry: a 64-bit hash of each id, in row order, so the id check can tell every id is unique without reading a string.</summary>
    public const string IdHashesKind = "ingest-idhashes";

    /// <summary>The key of a file's records: the reading key, plus its assets' digests when the source has assets.</summary>
    public string KeyFor(SourceFile file, string sha256)
    {
        var key = KeyFor(file.Source, sha256);
        return file.Source.Assets.Count == 0 || _assets is null ? key : new StageKey(Kind).Add(key).Add(_assets.KeyPart(file, key)).Finish();
    }

    /// <summary>The key of what reading the file gives, before assets.</summary>
    public string KeyFor(SourceSpec source, string sha256)
    {
        // Only what changes the records: licence and provenance do not enter the key.
        var readingConfig = string.Join("|", source.Name, source.Format, source.Delimiter, source.IdField, source.OnError,
            string.Join(",", source.Map.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}")));
        return new StageKey(Kind).Add(readingConfig).Add(context.Spec.Schema.Canonical).Add(sha256).Finish();
    }

    public FileStageOutcome GetOrBuild(SourceFile file, string sha256)
    {
        var key = KeyFor(file, sha256);
        if (context.Cache.TryGet(Kind, key) is { } hit
            && context.Cache.TryGet(IdsKind, key) is not null
            && context.Cache.TryGet(IdHashesKind, key) is not null
            && StatsSidecar.TryGet(context.Cache, Kind, key) is { } hitStats)
        {
            return new FileStageOutcome(hit, hitStats);
        }

        var stats = new OperatorStats();
        var ids = new List<(long Row, string Id)>();
        var ingester = new SourceFileIngester(context.Spec.Schema, context.Diagnostics);
        CacheEntry entry;
        try
        {
            var display = context.DisplayPath(file.RelativePath);
            var records = ingester.Ingest(file, display);
            if (file.Source.Assets.Count > 0 && _assets is not null)
            {
                records = _assets.Attach(records, file, display);
            }

            entry = context.Cache.Put(Kind, key, payload => TracedRecordStream.Write(payload, Count(records, stats, ids)));
        }
        catch (IOException ex) when (ex is not EndOfStreamException)
        {
            throw DatasetBuildException.At(DiagnosticCodes.SourceUnreadable, SourceLocation.InFile(file.RelativePath), $"cannot read: {ex.Message}");
        }

        var named = new List<(string, OperatorStats)> { (Kind, stats) };
        StatsSidecar.Put(context.Cache, Kind, key, named);
        context.Cache.Put(IdsKind, key, payload =>
        {
            using var writer = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true);
            foreach (var (row, id) in ids)
            {
                writer.Write((byte)1);
                writer.Write(row);
                writer.Write(id);
            }

            writer.Write((byte)0);
        });
        context.Cache.Put(IdHashesKind, key, payload =>
        {
            Span<byte> hash = stackalloc byte[8];
            foreach (var (_, id) in ids)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(hash, HashOf(id));
                payload.Write(hash);
            }
        });
        return new FileStageOutcome(entry, named);
    }

    /// <summary>The hash the id check compares ids by (equal ids, equal hashes).</summary>
    public static ulong HashOf(string id) => System.IO.Hashing.XxHash3.HashToUInt64(System.Runtime.InteropServices.MemoryMarshal.AsBytes(id.AsSpan()));

    /// <summary>The id hashes of one file's readable records, in row order.</summary>
    public static ulong[] ReadIdHashes(CacheEntry entry)
    {
        using var payload = PooledPayload.Read(entry);
        var bytes = payload.Span;
        var hashes = new ulong[bytes.Length / 8];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * 8)..]);
        }

        return hashes;
    }

    /// <summary>The ids of one file's readable records, in row order: all the id check needs.</summary>
    public static IEnumerable<(long Row, string Id)> ReadIds(CacheEntry idsEntry)
    {
        using var payload = idsEntry.OpenPayload();
        using var reader = new BinaryReader(new BufferedStream(payload, 1 << 16), System.Text.Encoding.UTF8);
        while (reader.ReadByte() == 1)
        {
            var row = reader.ReadInt64();
            yield return (row, reader.ReadString());
        }
    }

    private static IEnumerable<TracedRecord> Count(IEnumerable<TracedRecord> records, OperatorStats stats, List<(long Row, string Id)> ids)
    {
        foreach (var record in records)
        {
            stats.RecordsIn++;
            if (!record.Dropped)
            {
                ids.Add((record.Record.Row, record.Record.Id));
            }

            if (record.Dropped)
            {
                stats.Dropped[record.Reason!] = stats.Dropped.GetValueOrDefault(record.Reason!) + 1;
            }
            else
            {
                stats.RecordsOut++;
            }

            yield return record;
        }
    }
}
