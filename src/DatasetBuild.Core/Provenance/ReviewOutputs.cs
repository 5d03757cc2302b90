using System.Text;
using DatasetBuild.Core.Governance;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Spec;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Provenance;

/// <summary>
/// The human- and tool-facing descriptions written beside the data after the manifest: the dataset card
/// (README.md), croissant.json and report.html. Each is written atomically and only when its bytes change.
/// </summary>
public static class ReviewOutputs
{
    public static IReadOnlyList<string> Write(DatasetSpec spec, Manifest manifest, TextLengths lengths, string outputDirectory)
    {
        var written = new List<string>();
        foreach (var (name, bytes) in Render(spec, manifest, lengths, outputDirectory))
        {
            var path = Path.Combine(outputDirectory, name);
            AtomicFile.WriteIfChanged(path, bytes, durable: false); // derived, like the data files beside them (see EmitStage)
            written.Add(path);
        }

        return written;
    }

    /// <summary>Each file's name and bytes (croissant.json takes the data files' sizes from <paramref name="outputDirectory"/>).</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Render(DatasetSpec spec, Manifest manifest, TextLengths lengths, string outputDirectory)
    {
        yield return ("README.md", DatasetCard.Render(spec, manifest, LicenceDuties(spec)));
        yield return ("croissant.json", Encoding.UTF8.GetBytes(CroissantWriter.Write(CroissantBuilder.From(spec, manifest, outputDirectory))));
        yield return ("report.html", Encoding.UTF8.GetBytes(HtmlReport.Render(Report(spec, manifest, lengths))));
    }

    private static ReportModel Report(DatasetSpec spec, Manifest manifest, TextLengths lengths)
    {
        var model = ReportModel.FromManifest(manifest);
        model.IntendedUse = spec.Task?.IntendedUse;
        model.LengthHistogram = lengths.LengthHistogram();
        model.ConflictGroups = [.. (manifest.Conflicts?.Worst ?? []).Select(g => new ReportConflictGroup
        {
            Key = string.Join(", ", g.RecordIds),
            Text = g.Text ?? "",
            Labels = new Dictionary<string, long>(g.Labels, StringComparer.Ordinal),
        })];
        model.Outliers = [.. (manifest.Review?.Outliers ?? []).Select(o => new ReportOutlier { RecordId = o.RecordId, Score = o.Score, Text = o.Text ?? "" })];
        return model;
    }

    /// <summary>What the licences in use require of whoever publishes the dataset, one line per duty.</summary>
    public static IReadOnlyList<string> LicenceDuties(DatasetSpec spec)
    {
        var duties = new List<string>();
        foreach (var source in spec.Sources)
        {
            var decision = LicenseGate.Judge(source, spec.Task?.IntendedUse);
            if (!decision.IsOk)
            {
                continue;
            }

            if (decision.Attribution)
            {
                duties.Add($"Credit source '{source.Name}' ({decision.Branch}) and keep its notices.");
            }

            if (decision.ShareAlike)
            {
                duties.Add($"Share data derived from '{source.Name}' under the same terms ({decision.Branch}).");
            }

            if (decision.NoDerivatives)
            {
                duties.Add($"'{source.Name}' ({decision.Branch}) forbids sharing adapted material: filtered or redacted copies may not be published.");
            }
        }

        return duties;
    }
}
