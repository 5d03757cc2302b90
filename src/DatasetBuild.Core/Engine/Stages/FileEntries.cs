using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Sources;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// Finds a file's records after a given per-file stage: the entry the state names when it is still in
/// the cache and valid, else rebuilt from the stage before it (down to re-reading the source file).
/// This is what makes a deleted or corrupt cache entry a rebuild instead of a failure.
/// </summary>
public sealed class FileEntries(BuildContext context)
{
    public static readonly string[] Order = [IngestFileStage.Kind, RecordFileStage.FilterKind, RecordFileStage.LabelKind];

    /// <summary>The pipeline state, needed to rebuild a render entry (it depends on the dedup decisions).</summary>
    public PipelineState? State { get; init; }

    public CacheEntry After(string kind, FileState file)
    {
        if (file.Entries.TryGetValue(kind, out var key) && context.Cache.TryGet(kind, key) is { } known && TracedRecordStream.BasesExist(known))
        {
            return known;
        }

        var outcome = Build(kind, file);
        file.Entries[kind] = outcome.Entry.Key;
        return outcome.Entry;
    }

    public FileStageOutcome Build(string kind, FileState file)
    {
        if (kind == RenderStage.Kind)
        {
            var state = State ?? throw new InvalidOperationException("rebuilding a render entry needs the pipeline state");
            return new RenderStage(context).RenderFile(state, state.Files.IndexOf(file));
        }

        if (kind == IngestFileStage.Kind)
        {
            var sourceFile = Locate(file);
            var sha = FileSha256.OfSource(sourceFile.FullPath, sourceFile.Source.Format);
            if (sha != file.Sha256)
            {
                throw DatasetBuildException.At(DiagnosticCodes.StageOrder, SourceLocation.InFile(file.Path), "the file changed while the dataset was building; build again");
            }

            return new IngestFileStage(context).GetOrBuild(sourceFile, sha);
        }

        var previous = Order[Array.IndexOf(Order, kind) - 1];
        var upstream = After(previous, file);
        return new RecordFileStage(context, kind).GetOrBuild(file, upstream);
    }

    private SourceFile Locate(FileState file)
    {
        var source = context.Spec.Sources[file.SourceIndex];
        return new SourceFile(source, file.SourceIndex, file.Path, Path.GetFullPath(Path.Combine(context.Spec.SpecDirectory, file.Path)));
    }
}
