using DatasetBuild.Core.Engine.Stages.Emit;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Output;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The emit stage. The files are cut into jobs (<see cref="EmitJobs"/>); each job's records are written once into
/// cached parts of every output file, of lineage.parquet and of the record index, with its figures
/// (<see cref="EmitJobBuilder"/>), on all cores. A build that changed a few files rebuilds only their jobs: the
/// others are reused without reading a record. Then every output file is assembled from the parts in job order
/// (<see cref="OutputFileAssembler"/>), a job the last build also wrote being read from the file it published
/// (<see cref="PublishedFiles"/>), into a temporary name and moved into place only when its bytes changed,
/// the figures of every job are merged into the content hash, the manifest, the card and the report.
/// Publication holds the output folder's lock.
/// </summary>
public sealed class EmitStage(BuildContext context)
{
    /// <summary>Writes the outputs; returns every file that belongs to the output folder (for FileWrites).</summary>
    public EmitResult Run(PipelineState state, string outputDirectory)
    {
        var spec = context.Spec;
        var dataDirectory = Path.Combine(outputDirectory, "data");
        Directory.CreateDirectory(dataDirectory);
        var setup = new EmitSetup(context);
        var builder = new EmitJobBuilder(context, setup, state);
        var tallies = setup.NewTallies();
        tallies.Splits.Reserve(state.Files.Sum(f => (long)f.Records));
        var lineagePath = Path.Combine(outputDirectory, "lineage.parquet");
        var targets = setup.Outputs.Select(o => Path.Combine(outputDirectory, o.Relative)).Append(lineagePath).ToList();
        var temps = targets.Select(AtomicFile.TempPathFor).ToList();
        void DeleteTemps()
        {
            foreach (var temp in temps)
            {
                File.Delete(temp);
            }
        }

        var relatives = setup.Outputs.Select(o => (string?)o.Relative).Append(null).ToList();
        var lastPublished = PublishedOutputs.Read(outputDirectory);
        var memoIdentity = OutputsMemo.IdentityOf(setup, relatives.Select(r => r ?? "lineage.parquet"));
        var releasePages = OldPagesRelease.IsClean();
        Written written;
        using (var previous = OutputsMemo.Load(context.StateDirectory)?.Open(memoIdentity, targets, relatives, lastPublished, releasePages))
        {
            if (previous is null && releasePages)
            {
                OldPagesRelease.Release(targets); // none is read: their pages go to the new bytes
            }

            try
            {
                using (NoGcPeriod.Start(256L << 20))
                {
                    written = PhaseTimer.Time("emit: jobs and outputs", () => WriteOutputs(setup, builder, tallies, state, temps, previous));
                }
            }
            catch
            {
                DeleteTemps();
                throw;
            }
        }

        var (jobs, sha, memos, _) = written;
        var contentHash = tallies.Digests.ContentHash();
        var index = new RecordIndex(context.Cache, [.. jobs.Select(j => (j.Key, j.Pieces))]);

        // One build publishes at a time. Coverage gates and the lock are checked before any output is
        // published: a build that fails them leaves the old outputs.
        PublishLock publishing;
        try
        {
            publishing = PublishLock.Acquire(context.Cache.Root, outputDirectory, TimeSpan.FromMinutes(10));
        }
        catch
        {
            DeleteTemps();
            throw;
        }

        using var published = publishing;
        List<ManifestCoverage> coverageResults;
        try
        {
            coverageResults = tallies.Coverage.Evaluate(context.Diagnostics, context.GatesAsWarnings, tallies.Feedback);
            if (context.Diagnostics.HasErrors)
            {
                throw new Diagnostics.ErrorsReportedException();
            }

            index.Save(contentHash);
            PhaseTimer.Time("emit: lock checks", () => new LockChecks(context).AfterEmit(state, contentHash, tallies.Records.Kept, index));
        }
        catch
        {
            DeleteTemps();
            throw;
        }

        var files = new List<string>();
        var outputs = new List<ManifestOutput>();
        OutputsMemo.Forget(context.StateDirectory);
        PhaseTimer.Time("emit: publish outputs", () =>
        {
            for (var o = 0; o < setup.Outputs.Count; o++)
            {
                var file = setup.Outputs[o];
                files.Add(targets[o]);
                outputs.Add(new ManifestOutput
                {
                    Path = file.Relative,
                    Split = file.Split,
                    Format = file.Output.Format,
                    Records = tallies.Splits.Count(file.Split),
                    Sha256 = AtomicFile.ReplaceIfChanged(temps[o], targets[o], sha[o], lastPublished.Sha256Of(file.Relative, targets[o])),
                });
            }

            AtomicFile.ReplaceIfChanged(temps[^1], lineagePath, sha[^1]); // not in the manifest: compared by reading it, as before (it is small beside the data)
            files.Add(lineagePath);
            RemoveStaleFiles(outputDirectory, dataDirectory, files);
        });

        var manifest = ManifestBuilder.Build(spec, state, outputs, contentHash, tallies.Records.Labels, tallies.Records.TotalIn, tallies.Records.Kept);
        manifest.Tokens = tallies.Tokens?.ToManifest();
        manifest.Emit = new ManifestEmit { Jobs = jobs.Length, Reused = jobs.Count(j => j.Hit), FromPublished = written.FromPublished };
        manifest.Splits = tallies.Splits.ToManifest();
        if (manifest.Splits is { } splitsManifest && state.NearDedup is not null)
        {
            splitsManifest.Leakage.NearDuplicatePairsAcrossSplits = 0;
        }

        manifest.Coverage = spec.Coverage is null ? null : coverageResults;
        manifest.Feedback = tallies.Feedback?.ToManifest();
        manifest.Assets = tallies.Assets.ToManifest();
        var blocklists = spec.Filters.OfType<BlocklistFilterSpec>()
            .Select(b => Operators.Filters.Blocklist.Load(b, spec.SpecDirectory, context.AllowExternalPaths))
            .Select(b => new ManifestBlocklist { File = b.Spec.File, Field = b.Spec.Field, Sha256 = b.Sha256, Entries = b.Values.Count })
            .ToList();
        manifest.Blocklists = blocklists.Count > 0 ? blocklists : null;
        EmptyDatasetWarning.Check(spec, manifest, context.Diagnostics);
        var manifestPath = Path.Combine(outputDirectory, "manifest.json");
        // Not flushed to disk, like the data files it describes (OutputFileAssembler.Finish): derived, and rebuilt from the
        // cache. Flushing it right after a gigabyte of outputs waited for the file system's journal (0.15 s a build).
        PhaseTimer.Time("emit: write manifest", () => AtomicFile.WriteIfChanged(manifestPath, ManifestJson.Serialize(manifest), durable: false));
        files.Add(manifestPath);
        // After the manifest, which vouches for the files the memo describes (PublishedOutputs).
        PhaseTimer.Time("emit: save memo", () => new OutputsMemo(memoIdentity, [.. jobs.Select(j => j.Key)], memos).Save(context.StateDirectory));
        PhaseTimer.Time("emit: review outputs", () => files.AddRange(ReviewOutputs.Write(spec, manifest, tallies.Lengths, outputDirectory)));
        return new EmitResult(files, manifest);
    }

    /// <summary>
    /// Gets or builds every job on all cores and reads its entries, and, as each is ready (in job order), appends its
    /// pieces to every output file (then lineage) at its temporary path and merges its figures. The jobs this build
    /// shares with the last one are taken from the published files instead (<see cref="PublishedFiles"/>): only their
    /// figures are read from the cache. Returns the jobs, the files' SHA-256s and their memos.
    /// </summary>
    private static Written WriteOutputs(EmitSetup setup, EmitJobBuilder builder, EmitTallies tallies, PipelineState state, List<string> temps, PublishedFiles? published)
    {
        var plan = EmitJobs.Plan(state.Files).Select(job => (Job: job, Key: builder.KeyOf(job))).ToList();
        ReadAhead.Files(plan.ConvertAll(job => builder.PathOf(job.Key))); // every job's figures are read, one job after another
        var assemblers = new List<OutputFileAssembler>();
        try
        {
            for (var o = 0; o < temps.Count; o++)
            {
                var isLineage = o == temps.Count - 1;
                assemblers.Add(isLineage
                    ? new OutputFileAssembler(temps[o], parquet: true, LineageTable.Columns)
                    : new OutputFileAssembler(temps[o], setup.Outputs[o].IsParquet, setup.Columns, setup.Outputs[o].Output.Compression));
            }

            // Workers build or read jobs ahead of this thread, which only copies their pieces' bytes out. The window
            // (64 jobs, ~20 MB at 1M records) lets the others be read while a changed job is built, and the jobs to
            // build (a +1% build's few) are started first, so that this thread finds them built when it gets there.
            var toBuild = Enumerable.Range(0, plan.Count).Where(j => !builder.IsCached(plan[j].Key)).Take(ParallelFiles.MaxAhead).ToList();
            var jobs = ParallelFiles.MapInOrder(plan, job => Load(builder, published, job.Job, job.Key), (_, job) =>
            {
                using (job)
                {
                    foreach (var (section, parquet) in job.Sections)
                    {
                        assemblers[section.Index].Append(section.Bytes.Span, parquet);
                    }

                    if (job.PublishedIndex is { } old)
                    {
                        for (var o = 0; o < assemblers.Count; o++)
                        {
                            assemblers[o].AppendPublished(published!.Outputs[o], old);
                        }
                    }

                    foreach (var assembler in assemblers)
                    {
                        assembler.EndJob();
                    }

                    EmitJobBuilder.MergeInto(tallies, job);
                }
            }, window: 64, ahead: toBuild);
            var sha = assemblers.Select(a => a.Finish()).ToArray();
            return new Written([.. jobs.Select(j => (j.Key, j.PieceCount, j.Hit))], sha, [.. assemblers.Select(a => a.Memo())], jobs.Count(j => j.PublishedIndex is not null));
        }
        finally
        {
            foreach (var assembler in assemblers)
            {
                assembler.Dispose();
            }
        }
    }

    /// <summary>A job's entries: only its figures when its bytes come from the published files, else its pieces too.</summary>
    private static LoadedJob Load(EmitJobBuilder builder, PublishedFiles? published, EmitJob job, string key)
    {
        if (published?.OldIndexOf(key) is { } old)
        {
            var loaded = builder.LoadReused(job, key);
            loaded.PublishedIndex = old;
            return loaded;
        }

        return builder.Load(job, key);
    }

    /// <summary>The jobs written, each output file's SHA-256 and memo (lineage last), and how many jobs were read from the published files.</summary>
    private sealed record Written((string Key, int Pieces, bool Hit)[] Jobs, string[] Sha, OutputFileMemo[] Memos, int FromPublished);

    /// <summary>
    /// A data file of a format no longer listed in <c>outputs</c> would mislead: remove it. Temporary files that a
    /// killed build left in the data folder or the output folder are removed (<see cref="AtomicFile.IsAbandonedTemp"/>);
    /// a concurrent build's are left alone.
    /// </summary>
    private static void RemoveStaleFiles(string outputDirectory, string dataDirectory, List<string> written)
    {
        var keep = new HashSet<string>(written.Select(Path.GetFullPath), StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(dataDirectory))
        {
            if (AtomicFile.IsOldVersion(file) || keep.Contains(Path.GetFullPath(file)) || (AtomicFile.IsTemp(file) && !AtomicFile.IsAbandonedTemp(file)))
            {
                continue; // an old version being freed off the build's path, a file this build wrote, or a running build's temporary file
            }

            File.Delete(file);
        }

        foreach (var file in Directory.EnumerateFiles(outputDirectory, ".*.tmp").Where(AtomicFile.IsAbandonedTemp))
        {
            File.Delete(file);
        }
    }
}

/// <summary>The files the emit stage owns, and the manifest it wrote.</summary>
public sealed record EmitResult(IReadOnlyList<string> Files, Manifest Manifest);
