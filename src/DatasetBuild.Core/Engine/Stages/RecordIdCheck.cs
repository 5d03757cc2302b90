using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// Record ids must be unique within a source. Default ids (a hash of the content) repeat when records
/// are identical: later copies, in canonical order, get "-2", "-3"… A declared id that repeats is an
/// error at the later record, or with <c>on_error: skip</c> a drop with reason "duplicate record id".
/// </summary>
public sealed class RecordIdCheck(BuildContext context)
{
    public void Run(IReadOnlyList<FileState> files)
    {
        var entries = new FileEntries(context);
        foreach (var sourceFiles in files.GroupBy(f => f.SourceIndex))
        {
            var source = context.Spec.Sources[sourceFiles.Key];
            var firstSeen = new Dictionary<string, (string Path, long Row)>(StringComparer.Ordinal);
            var pending = new List<(FileState File, long Row, string Id)>();
            foreach (var file in sourceFiles)
            {
                foreach (var traced in TracedRecordStream.Read(entries.After(IngestFileStage.Kind, file)))
                {
                    if (traced.Dropped)
                    {
                        continue;
                    }

                    var id = traced.Record.Id;
                    if (!firstSeen.TryAdd(id, (file.Path, traced.Record.Row)))
                    {
                        pending.Add((file, traced.Record.Row, id));
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
}
