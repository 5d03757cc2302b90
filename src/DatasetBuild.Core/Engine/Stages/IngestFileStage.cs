using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Engine;
using DatasetBuild.Core.Operators;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Sources;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Spec.Yaml;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// Ingest of one source file, cached by (engine, the source's reading config, schema, file SHA-256):
/// adding or changing one file re-reads only that file.
/// </summary>
public sealed class IngestFileStage(BuildContext context)
{
    public const string Kind = "ingest";

    public string KeyFor(SourceSpec source, string sha256)
    {
        // Only what changes the records: licence and provenance do not enter the key.
        var readingConfig = string.Join("|", source.Name, source.Format, source.IdField, source.OnError,
            string.Join(",", source.Map.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}")));
        return new StageKey(Kind).Add(readingConfig).Add(context.Spec.Schema.Canonical).Add(sha256).Finish();
    }

    public FileStageOutcome GetOrBuild(SourceFile file, string sha256)
    {
        var key = KeyFor(file.Source, sha256);
        if (context.Cache.TryGet(Kind, key) is { } hit && StatsSidecar.TryGet(context.Cache, Kind, key) is { } hitStats)
        {
            return new FileStageOutcome(hit, hitStats);
        }

        var stats = new OperatorStats();
        var ingester = new SourceFileIngester(context.Spec.Schema, context.Diagnostics);
        CacheEntry entry;
        try
        {
            entry = context.Cache.Put(Kind, key, payload => TracedRecordStream.Write(payload, Count(ingester.Ingest(file, context.DisplayPath(file.RelativePath)), stats)));
        }
        catch (IOException ex) when (ex is not EndOfStreamException)
        {
            throw DatasetBuildException.At(DiagnosticCodes.SourceUnreadable, SourceLocation.InFile(file.RelativePath), $"cannot read: {ex.Message}");
        }

        var named = new List<(string, OperatorStats)> { (Kind, stats) };
        StatsSidecar.Put(context.Cache, Kind, key, named);
        return new FileStageOutcome(entry, named);
    }

    private static IEnumerable<TracedRecord> Count(IEnumerable<TracedRecord> records, OperatorStats stats)
    {
        foreach (var record in records)
        {
            stats.RecordsIn++;
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
