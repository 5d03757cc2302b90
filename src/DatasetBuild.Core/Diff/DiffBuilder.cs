using DatasetBuild.Core.Provenance;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Sources;

namespace DatasetBuild.Core.Diff;

/// <summary>Compares two built snapshots into a <see cref="DiffReport"/>.</summary>
public static class DiffBuilder
{
    public const int MaxSamples = 20;

    public static DiffReport Compare(DatasetSnapshot @base, DatasetSnapshot head)
    {
        var (b, h) = (@base.Manifest, head.Manifest);
        var report = new DiffReport
        {
            Name = h.Name,
            Base = @base.Label,
            Head = head.Label,
            BaseVersion = b.Version,
            HeadVersion = h.Version,
            SpecChanges = SpecChanges.Describe(@base.Spec, head.Spec),
            BaseContentHash = b.ContentHash,
            HeadContentHash = h.ContentHash,
            Records = new CountDiff { BaseIn = b.Records.TotalIn, BaseKept = b.Records.Kept, HeadIn = h.Records.TotalIn, HeadKept = h.Records.Kept },
        };

        var stageNames = h.Stages.Select(s => s.Name).Concat(b.Stages.Select(s => s.Name)).Distinct().ToList();
        foreach (var name in stageNames)
        {
            var before = b.Stages.FirstOrDefault(s => s.Name == name);
            var after = h.Stages.FirstOrDefault(s => s.Name == name);
            report.Stages.Add(new StageDiff(name, (after ?? before)!.Kind, before?.RecordsIn, before?.RecordsOut, after?.RecordsIn, after?.RecordsOut));
            var reasons = (before?.Dropped.Keys ?? Enumerable.Empty<string>()).Union(after?.Dropped.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal);
            foreach (var reason in reasons)
            {
                var (x, y) = (before?.Dropped.GetValueOrDefault(reason) ?? 0, after?.Dropped.GetValueOrDefault(reason) ?? 0);
                if (x != y)
                {
                    report.Drops.Add(new DropDiff(name, reason, x, y));
                }
            }
        }

        var labels = (b.Labels?.Counts.Keys ?? Enumerable.Empty<string>()).Union(h.Labels?.Counts.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal);
        foreach (var label in labels)
        {
            report.Labels.Add(new LabelDiff(label, b.Labels?.Counts.GetValueOrDefault(label) ?? 0, h.Labels?.Counts.GetValueOrDefault(label) ?? 0));
        }

        var baseCoverage = (b.Coverage ?? []).ToDictionary(c => (c.Name, c.Value));
        var headCoverage = (h.Coverage ?? []).ToDictionary(c => (c.Name, c.Value));
        foreach (var key in headCoverage.Keys.Concat(baseCoverage.Keys).Distinct())
        {
            var before = baseCoverage.GetValueOrDefault(key);
            var after = headCoverage.GetValueOrDefault(key);
            report.Coverage.Add(new CoverageDiff(key.Name, key.Value, before?.ActualCount, before?.Met, after?.ActualCount, after?.Met));
        }

        var baseSources = b.Sources.ToDictionary(s => s.Name, s => s.License);
        var headSources = h.Sources.ToDictionary(s => s.Name, s => s.License);
        report.SourcesAdded = headSources.Keys.Except(baseSources.Keys).Select(n => $"{n} ({headSources[n]})").ToList();
        report.SourcesRemoved = baseSources.Keys.Except(headSources.Keys).Select(n => $"{n} ({baseSources[n]})").ToList();
        report.LicenceChanges = headSources.Where(s => baseSources.TryGetValue(s.Key, out var l) && l != s.Value)
            .Select(s => $"{s.Key}: {baseSources[s.Key]} → {s.Value}").ToList();

        // Both sides were just built with the shared cache, so their pieces are there; if not, nothing is listed.
        var (added, removed, changed) = head.Records.Differences(@base.Records) ?? ([], [], []);
        report.Added = added.Count;
        report.Removed = removed.Count;
        report.Changed = changed.Count;
        report.ImpliedBump = b.ContentHash == h.ContentHash ? "none"
            : removed.Count > 0 || changed.Count > 0 ? "major"
            : added.Count > 0 ? "minor" : "patch";
        var bump = VersionBumps.Between(b.Version, h.Version);
        report.VersionBump = bump.Name();
        report.VersionMatches = report.ImpliedBump == "none" || bump >= Enum.Parse<VersionBump>(report.ImpliedBump, ignoreCase: true);

        var headLineage = ReadLineage(head);
        var gone = removed.Concat(changed).ToHashSet();
        foreach (var row in headLineage)
        {
            if (row.Status == "dropped" && gone.Remove((row.Source, row.Id)))
            {
                report.RemovedBy[row.Stage ?? "?"] = report.RemovedBy.GetValueOrDefault(row.Stage ?? "?") + 1;
            }
        }

        if (gone.Count > 0)
        {
            report.RemovedBy["(not in the head sources)"] = gone.Count;
        }

        report.AddedSamples = Samples(head, headLineage, added);
        report.RemovedSamples = Samples(@base, ReadLineage(@base), removed);
        return report;
    }

    private sealed record LineageRow(string Source, string Id, string Status, string? Stage, string? Split);

    private static List<LineageRow> ReadLineage(DatasetSnapshot snapshot) =>
        LineageTable.Read(Path.Combine(snapshot.OutputDirectory, "lineage.parquet"), "source", "record_id", "status", "stage", "split")
            .Select(v => new LineageRow((string)v[0]!, (string)v[1]!, (string)v[2]!, v[3] as string, v[4] as string))
            .ToList();

    /// <summary>Up to <see cref="MaxSamples"/> records with the text the model reads (task.input, else the first string field).</summary>
    private static List<SampleRecord> Samples(DatasetSnapshot snapshot, List<LineageRow> lineage, List<(string Source, string Id)> keys)
    {
        var wanted = keys.Take(MaxSamples).ToHashSet();
        if (wanted.Count == 0)
        {
            return [];
        }

        var schema = snapshot.Spec.Schema;
        var textField = snapshot.Spec.Task?.Input.FirstOrDefault(f => schema.IndexOf(f) >= 0)
            ?? schema.Fields.FirstOrDefault(f => f.Type == FieldType.String)?.Name;
        var texts = new Dictionary<(string, string), string?>();
        foreach (var split in lineage.Where(r => r.Status == "kept").GroupBy(r => r.Split ?? ""))
        {
            // The rows of data/<split>.parquet are that split's kept lineage rows, in the same order.
            var data = Path.Combine(snapshot.OutputDirectory, "data", split.Key + ".parquet");
            if (textField is null || !File.Exists(data))
            {
                continue;
            }

            using var rows = split.GetEnumerator();
            foreach (var row in new ParquetSourceReader().Read(data, Path.GetFileName(data), [new SourceColumn(textField, false)]))
            {
                rows.MoveNext();
                var key = (rows.Current.Source, rows.Current.Id);
                if (wanted.Contains(key))
                {
                    texts[key] = row.Values![0] as string;
                }
            }
        }

        return keys.Take(MaxSamples).Select(k => new SampleRecord(k.Source, k.Id, Truncate(texts.GetValueOrDefault(k)))).ToList();
    }

    private static string? Truncate(string? text) =>
        text is null ? null : (text.Length > 120 ? text[..120] + "…" : text).ReplaceLineEndings(" ");
}
