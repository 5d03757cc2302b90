using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// Record ids must be unique within a source. Default ids (a hash of the content) repeat when records
/// are identical: later copies, in canonical order, get "-2", "-3"… A declared id that repeats is an
/// error at the later record, or with <c>on_error: skip</c> a drop with reason "duplicate record id".
/// A source is first checked by 64-bit hashes of its ids (cached per file at ingest); only a source where two
/// hashes meet has its id strings read, so a million unique ids cost a million set insertions, not string reads.
/// </summary>
public sealed class RecordIdCheck(BuildContext context)
{
    public void Run(IReadOnlyList<FileState> files)
    {
        foreach (var sourceFiles in files.GroupBy(f => f.SourceIndex))
        {
            var source = context.Spec.Sources[sourceFiles.Key];
            if (AllHashesDiffer(sourceFiles.Key, [.. sourceFiles]))
            {
                continue;
            }

            var firstSeen = new Dictionary<string, (string Path, long Row)>(StringComparer.Ordinal);
            var pending = new List<(FileState File, long Row, string Id)>();
            foreach (var file in sourceFiles)
            {
                var key = file.Entries[IngestFileStage.Kind];
                var ids = context.Cache.TryGet(IngestFileStage.IdsKind, key)
                    ?? throw new CacheCorruptException(context.Cache.PathFor(IngestFileStage.IdsKind, key), "it is missing");
                foreach (var (row, id) in IngestFileStage.ReadIds(ids))
                {
                    if (!firstSeen.TryAdd(id, (file.Path, row)))
                    {
                        pending.Add((file, row, id));
                    }
                }
            }

            foreach (var (file, row, id) in pending)
            {
                var (firstPath, firstRow) = firstSeen[id];
                if (source.IdField is null)
                {
                    var n = 2;
                    while (firstSeen.ContainsKey($"{id}-{n}"))
                    {
                        n++;
                    }

                    var renamed = $"{id}-{n}";
                    firstSeen.Add(renamed, (file.Path, row));
                    (file.Renames ??= [])[row] = renamed;
                }
                else if (source.OnError == "skip")
                {
                    (file.IdDrops ??= [])[row] = $"id '{id}' also at {firstPath}({firstRow})";
                }
                else
                {
                    context.Diagnostics.Error(
                        DiagnosticCodes.SourceDuplicateId,
                        SourceLocation.AtLine(file.Path, row),
                        $"duplicate record id '{id}' in source '{source.Name}' (first at {firstPath}({firstRow})); ids must be unique, or set 'on_error: skip' to drop repeats");
                }
            }
        }

        if (context.Diagnostics.HasErrors)
        {
            throw new ErrorsReportedException();
        }
    }

    /// <summary>
    /// Whether every id hash of the source's files differs. The memo holds files whose id hashes were found all
    /// different, and those hashes, sorted; the files of this build that it does not hold have their hashes looked
    /// up in it (a binary search each) and among themselves. Files it holds that are gone (removed, or changed into
    /// a new entry) stay in it: a subset of distinct hashes is distinct, so a build that only removes files reads
    /// nothing. A new file whose ids a gone file had is then a false alarm, settled by the string check; so is any
    /// repeated hash. When gone files outnumber present ones the memo is rebuilt from the present files alone. Files
    /// added since the memo was written are checked again by every build until their hashes are a twentieth of the
    /// memo's, when it is rewritten with them: a +1% build does not rewrite a million hashes.
    /// </summary>
    private bool AllHashesDiffer(int source, IReadOnlyList<FileState> files)
    {
        var memoPath = IdHashMemo.PathFor(context.StateDirectory, source);
        var keys = files.Select(f => f.Entries[IngestFileStage.Kind]).ToHashSet(StringComparer.Ordinal);
        var memo = IdHashMemo.TryLoad(memoPath) is { } loaded && loaded.Files.Count(f => !keys.Contains(f)) <= keys.Count ? loaded : null;
        var known = memo?.SortedHashes ?? [];
        var newFiles = keys.Where(k => memo is null || !memo.Files.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var added = new List<ulong>();
        foreach (var key in newFiles)
        {
            var hashes = context.Cache.TryGet(IngestFileStage.IdHashesKind, key)
                ?? throw new CacheCorruptException(context.Cache.PathFor(IngestFileStage.IdHashesKind, key), "it is missing");
            added.AddRange(IngestFileStage.ReadIdHashes(hashes));
        }

        var sortedAdded = added.ToArray();
        Array.Sort(sortedAdded);
        for (var i = 0; i < sortedAdded.Length; i++)
        {
            if ((i > 0 && sortedAdded[i] == sortedAdded[i - 1]) || Array.BinarySearch(known, sortedAdded[i]) >= 0)
            {
                File.Delete(memoPath);
                return false;
            }
        }

        if (memo is null || (long)sortedAdded.Length * 20 > known.Length)
        {
            IdHashMemo.Save(memoPath, (memo?.Files ?? Enumerable.Empty<string>()).Concat(newFiles), known, sortedAdded);
        }

        return true;
    }
}
