using DatasetBuild.Core.IO;
using DatasetBuild.Core.Output;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The emit stage: one streaming pass over every file's final records (the render stage's entries) in
/// canonical order that writes the data files, the fine-tuning files, lineage.parquet, the dataset card
/// and manifest.json. Each file is written to a temporary name and moved into place only when its bytes
/// changed; publication holds the output folder's lock.
/// </summary>
public sealed class EmitStage(BuildContext context)
{
    public const string Split = "all";

    /// <summary>Writes the outputs; returns every file that belongs to the output folder (for FileWrites).</summary>
    public EmitResult Run(PipelineState state, string outputDirectory)
    {
        var spec = context.Spec;
        var dataDirectory = Path.Combine(outputDirectory, "data");
        Directory.CreateDirectory(dataDirectory);
        var columns = new List<TableColumn> { new(RecordSchema.IdField, FieldType.String) };
        columns.AddRange(spec.Schema.Fields.Select(f => new TableColumn(f.Name, f.Type)));
        var labelIndex = spec.Labels is { } labels ? spec.Schema.IndexOf(labels.Field) : -1;
        var labelCounts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var tokenStats = spec.Task?.Tokenizer is { } tokenizer && spec.Outputs.Any(o => o.IsFineTuning)
            ? new TokenStatistics(tokenizer, spec.Outputs.First(o => o.IsFineTuning).Format)
            : null;
        var assigner = new SplitAssigner(spec.Splits, spec.Schema, spec.InputTextField);
        var splitReport = new SplitReport(spec, assigner);
        var coverage = new CoverageCheck(spec);
        var feedback = spec.Feedback is { } feedbackSpec ? FeedbackReport.Load(feedbackSpec, spec, context.AllowExternalPaths) : null;
        var sampler = new ReviewSampler(spec, (state.Conflicts?.Worst.SelectMany(g => g.RecordIds) ?? []).Concat(state.Review?.Outliers.Select(o => o.RecordId) ?? []));
        var assetSummary = new AssetSummary();

        var files = assigner.Names.SelectMany(split => spec.Outputs.Select(o => (Split: split, Output: o, Relative: o.FileFor(split)))).ToList();
        var temps = files.ToDictionary(f => f.Relative, f => AtomicFile.TempPathFor(Path.Combine(outputDirectory, f.Relative)));
        var lineagePath = Path.Combine(outputDirectory, "lineage.parquet");
        var lineageTemp = AtomicFile.TempPathFor(lineagePath);
        long totalIn = 0, kept = 0;
        var index = new RecordIndex();
        var entries = new FileEntries(context) { State = state };
        void DeleteTemps()
        {
            foreach (var temp in temps.Values.Append(lineageTemp))
            {
                File.Delete(temp);
            }
        }

        var writers = assigner.Names.ToDictionary(
            split => split,
            split => new OutputWriters(files.Where(f => f.Split == split).Select(f => (f.Output, temps[f.Relative])).ToList(), columns));
        var hashers = assigner.Names.ToDictionary(split => split, split => new ContentHasher());
        string contentHash;
        ParquetTableWriter? lineageWriter = null;
        try
        {
            foreach (var (split, hasher) in hashers)
            {
                hasher.BeginSplit(split);
            }

            var lineage = new ParquetTableWriter(lineageTemp, LineageTable.Columns);
            lineageWriter = lineage;
            PhaseTimer.Time("emit: records", () =>
            {
                foreach (var (file, traced) in RecordsAhead.Read(state.Files, file => TracedRecordStream.Read(entries.After(RenderStage.Kind, file))))
                {
                    totalIn++;
                    var record = traced.Record;
                    var label = labelIndex >= 0 ? record[labelIndex] as string : null;
                    var split = traced.Dropped ? null : assigner.Assign(file.Source, record);
                    lineage.Write(LineageTable.Row(traced, file.Source, file.Path, label, split));
                    assetSummary.Add(record);
                    sampler.Add(traced);
                    if (split is null)
                    {
                        continue;
                    }

                    kept++;
                    if (label is not null)
                    {
                        labelCounts[label] = labelCounts.GetValueOrDefault(label) + 1;
                    }

                    writers[split].Write(traced);
                    tokenStats?.Add(split, traced.Tokens);
                    hashers[split].Add(record);
                    index.Add(file.Source, record);
                    splitReport.Add(split, record);
                    coverage.Add(record);
                    feedback?.Add(record);
                }
            });

            contentHash = Combine(assigner.Names.Select(split => (split, hashers[split].Finish())).ToList());
            lineage.Dispose();
        }
        catch
        {
            lineageWriter?.Dispose();
            foreach (var writer in writers.Values)
            {
                writer.Dispose();
            }

            DeleteTemps();

            throw;
        }
        finally
        {
            foreach (var hasher in hashers.Values)
            {
                hasher.Dispose();
            }
        }

        PhaseTimer.Time("emit: writers dispose", () =>
        {
            foreach (var writer in writers.Values)
            {
                writer.Dispose();
            }
        });
        var knownSha = writers.Values.SelectMany(w => w.KnownSha256).ToDictionary(f => f.Path, f => f.Sha256);

        // One build publishes at a time. Coverage gates and the lock are checked before any output is
        // published: a build that fails them leaves the old outputs.
        using var publishing = PublishLock.Acquire(outputDirectory, TimeSpan.FromMinutes(10));
        List<ManifestCoverage> coverageResults;
        try
        {
            coverageResults = coverage.Evaluate(context.Diagnostics, context.GatesAsWarnings, feedback);
            if (context.Diagnostics.HasErrors)
            {
                throw new Diagnostics.ErrorsReportedException();
            }

            PhaseTimer.Time("emit: index save", () => index.Save(context.Cache, contentHash));
            PhaseTimer.Time("emit: lock checks", () => new LockChecks(context).AfterEmit(state, contentHash, kept, index));
        }
        catch
        {
            DeleteTemps();

            throw;
        }

        var written = new List<string>();
        var outputs = new List<ManifestOutput>();
        foreach (var (split, output, relative) in files)
        {
            var final = Path.Combine(outputDirectory, relative);
            var sha = AtomicFile.ReplaceIfChanged(temps[relative], final, knownSha.GetValueOrDefault(temps[relative]));
            written.Add(final);
            outputs.Add(new ManifestOutput { Path = relative, Split = split, Format = output.Format, Records = splitReport.Count(split), Sha256 = sha });
        }

        AtomicFile.ReplaceIfChanged(lineageTemp, lineagePath, lineageWriter!.Sha256);
        written.Add(lineagePath);
        RemoveStaleDataFiles(dataDirectory, written);

        var manifest = ManifestBuilder.Build(spec, state, outputs, contentHash, labelCounts, totalIn, kept);
        manifest.Tokens = tokenStats?.ToManifest();
        manifest.Splits = splitReport.ToManifest();
        if (manifest.Splits is { } splitsManifest && state.NearDedup is not null)
        {
            splitsManifest.Leakage.NearDuplicatePairsAcrossSplits = 0;
        }
        manifest.Coverage = spec.Coverage is null ? null : coverageResults;
        manifest.Feedback = feedback?.ToManifest();
        manifest.Assets = assetSummary.ToManifest();
        var blocklists = spec.Filters.OfType<BlocklistFilterSpec>()
            .Select(b => Operators.Filters.Blocklist.Load(b, spec.SpecDirectory, context.AllowExternalPaths))
            .Select(b => new ManifestBlocklist { File = b.Spec.File, Field = b.Spec.Field, Sha256 = b.Sha256, Entries = b.Values.Count })
            .ToList();
        manifest.Blocklists = blocklists.Count > 0 ? blocklists : null;
        ReviewOutputs.AttachSamples(manifest, sampler);
        var manifestPath = Path.Combine(outputDirectory, "manifest.json");
        AtomicFile.WriteIfChanged(manifestPath, ManifestJson.Serialize(manifest));
        written.Add(manifestPath);
        PhaseTimer.Time("emit: review outputs", () => written.AddRange(ReviewOutputs.Write(spec, manifest, sampler, outputDirectory)));
        return new EmitResult(written, manifest);
    }

    /// <summary>One split: its own hash (as before splits existed); several: SHA-256 over each split's name and hash.</summary>
    private static string Combine(IReadOnlyList<(string Split, string Hash)> splits)
    {
        if (splits.Count == 1)
        {
            return splits[0].Hash;
        }

        var text = string.Join("\n", splits.Select(s => $"{s.Split}={s.Hash}"));
        return "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// A data file of a format no longer listed in <c>outputs</c> would mislead: remove it. Temporary files
    /// of a concurrent build are left alone; those of a build killed over an hour ago are removed.
    /// </summary>
    private static void RemoveStaleDataFiles(string dataDirectory, List<string> written)
    {
        var keep = new HashSet<string>(written.Select(Path.GetFullPath), StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(dataDirectory))
        {
            var isTemp = Path.GetFileName(file).StartsWith('.') && file.EndsWith(".tmp", StringComparison.Ordinal);
            if (keep.Contains(Path.GetFullPath(file)) || (isTemp && File.GetLastWriteTimeUtc(file) > DateTime.UtcNow.AddHours(-1)))
            {
                continue;
            }

            File.Delete(file);
        }
    }
}

/// <summary>The files the emit stage owns, and the manifest it wrote.</summary>
public sealed record EmitResult(IReadOnlyList<string> Files, Manifest Manifest);
