using System.Globalization;
using DatasetBuild.Core.Governance;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Provenance;

/// <summary>
/// Fills the Croissant description of a build from its spec and manifest: one FileObject per output file,
/// one RecordSet per split (read from the split's Parquet file, else its first file), a
/// <c>prov:wasDerivedFrom</c> entity per source, and RAI fields derived from the spec (collection from
/// provenance, preprocessing from the stages, personal data from the <c>pii</c> filter, use cases from
/// <c>task</c>, limitations from unmet coverage targets).
/// </summary>
public static class CroissantBuilder
{
    public static CroissantDataset From(DatasetSpec spec, Manifest manifest, string outputDirectory)
    {
        var dataset = new CroissantDataset
        {
            Name = spec.Name,
            Version = spec.Version,
            Description = spec.Description,
            Keywords = spec.Task is { } task ? [task.Type, .. task.Labels] : [],
            Sources = [.. manifest.Sources.Select(s => new CroissantSource
            {
                Name = s.Name,
                License = s.License,
                Origin = s.Provenance?.Origin,
                Collected = s.Provenance?.Collected,
                Method = s.Provenance?.Method,
                Consent = s.Provenance?.Consent,
                Permissions = [.. s.Provenance?.Permissions ?? []],
            })],
            Files = [.. manifest.Outputs.Select(o => new CroissantFile
            {
                Id = o.Path,
                ContentUrl = o.Path,
                EncodingFormat = CroissantFormats.EncodingFormatOf(o.Format),
                Sha256 = o.Sha256,
                ContentSize = new FileInfo(Path.Combine(outputDirectory, o.Path)) is { Exists: true } info ? info.Length : null,
            })],
        };
        var labelField = spec.Labels?.Field ?? spec.Task?.Target;
        foreach (var split in manifest.Outputs.Select(o => o.Split).Distinct(StringComparer.Ordinal))
        {
            var source = manifest.Outputs.Where(o => o.Split == split && o.Format is "parquet" or "jsonl").OrderBy(o => o.Format == "parquet" ? 0 : 1).FirstOrDefault();
            if (source is null)
            {
                continue;
            }

            var recordSet = new CroissantRecordSet
            {
                Id = split == "all" ? "records" : split,
                Description = split == "all" ? "The kept records." : $"The kept records of split '{split}'.",
                Source = source.Path,
                Key = RecordSchema.IdField,
                Fields = [new CroissantField { Name = RecordSchema.IdField, DataType = "sc:Text", Description = "The stable record id." }],
            };
            recordSet.Fields.AddRange(spec.Schema.Fields.Select(f => new CroissantField
            {
                Name = f.Name,
                DataType = CroissantFormats.DataTypeOf(f.Type.ToString().ToLowerInvariant()),
                IsLabel = f.Name == labelField,
            }));
            dataset.RecordSets.Add(recordSet);
        }

        foreach (var (key, value) in Rai(spec, manifest))
        {
            dataset.Rai[key] = value;
        }

        return dataset;
    }

    private static IEnumerable<(string, string)> Rai(DatasetSpec spec, Manifest manifest)
    {
        var collection = manifest.Sources.Select(s => $"{s.Name}: {string.Join(", ", new[] { s.Provenance?.Origin, s.Provenance?.Method, s.Provenance?.Collected }.OfType<string>().DefaultIfEmpty("no provenance recorded"))}");
        yield return ("dataCollection", string.Join("; ", collection));
        yield return ("dataPreprocessingProtocol", string.Join("; ", manifest.Stages.Select(s =>
            string.Create(CultureInfo.InvariantCulture, $"{s.Name} ({s.Kind}): {s.RecordsIn} in, {s.RecordsOut} out")
            + (s.Dropped.Count == 0 ? "" : " [" + string.Join(", ", s.Dropped.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Key}: {d.Value}"))) + "]"))));
        var pii = spec.Filters.OfType<PiiFilterSpec>().ToList();
        yield return ("personalSensitiveInformation", pii.Count == 0
            ? "No pii filter was configured; personal data was not searched for."
            : string.Join("; ", pii.Select(p => $"{string.Join(", ", p.Kinds)} in {string.Join(", ", p.Fields)}: {p.Action}")));
        if (spec.Task is { } task)
        {
            yield return ("dataUseCases", $"{task.Type}{(task.IntendedUse is null ? "" : $", intended use: {task.IntendedUse}")}");
        }

        var unmet = manifest.Coverage?.Where(c => !c.Met).ToList() ?? [];
        if (unmet.Count > 0)
        {
            yield return ("dataLimitations", "Unmet coverage targets: " + string.Join("; ", unmet.Select(c =>
                string.Create(CultureInfo.InvariantCulture, $"{c.Name}{(c.Value is null ? "" : $" ({c.Value})")}: {c.ActualCount} records"))));
        }
    }
}
