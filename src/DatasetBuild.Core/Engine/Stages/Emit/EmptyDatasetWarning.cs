using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages.Emit;

/// <summary>
/// A build that keeps no record still succeeds (an empty dataset is a valid result), but almost never what was
/// meant: warning DSB3006 says so, naming the stage that dropped the most records, located at that filter in the spec
/// when it is one.
/// </summary>
public static class EmptyDatasetWarning
{
    public static void Check(DatasetSpec spec, Manifest manifest, DiagnosticBag diagnostics)
    {
        if (manifest.Records.Kept > 0)
        {
            return;
        }

        var worst = manifest.Stages.Where(s => s.RecordsIn > s.RecordsOut).MaxBy(s => s.RecordsIn - s.RecordsOut);
        if (worst is null)
        {
            diagnostics.Warning(DiagnosticCodes.DatasetEmpty, SourceLocation.InFile(spec.SpecPath), "the dataset is empty: the sources hold no records");
            return;
        }

        var written = spec.Filters.FirstOrDefault(f => f.DisplayName == worst.Name);
        diagnostics.Warning(
            DiagnosticCodes.DatasetEmpty,
            written?.Location ?? SourceLocation.InFile(spec.SpecPath),
            $"the dataset is empty: all {manifest.Records.TotalIn} input records were dropped, {worst.RecordsIn - worst.RecordsOut} of them by '{worst.Name}'{Reasons(worst)}; lineage.parquet says why for each");
    }

    private static string Reasons(Engine.StageReport stage) =>
        stage.Dropped.Count == 0 ? "" : $" ({string.Join(", ", stage.Dropped.Select(d => $"{d.Value} {d.Key}"))})";
}
