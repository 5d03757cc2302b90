using System.Globalization;
using System.Text;

namespace DatasetBuild.Core.Diff;

/// <summary>The Markdown form of a diff, for a pull-request comment: under 64 KB, samples cut first.</summary>
public static class MarkdownDiff
{
    public const int MaxBytes = 64 * 1024;

    public static string Render(DiffReport report)
    {
        for (var samples = DiffBuilder.MaxSamples; ; samples = samples > 0 ? samples / 2 : -1)
        {
            var text = Render(report, Math.Max(samples, 0));
            if (Encoding.UTF8.GetByteCount(text) < MaxBytes - 1024 || samples < 0)
            {
                return Encoding.UTF8.GetByteCount(text) < MaxBytes ? text : Truncate(text);
            }
        }
    }

    private static string Render(DiffReport r, int samples)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"## Dataset diff: {r.Name} {r.BaseVersion} → {r.HeadVersion}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Base `{r.Base}`, head `{r.Head}`. ");
        md.Append(CultureInfo.InvariantCulture, $"Records kept {r.Records.BaseKept} → {r.Records.HeadKept} ({Delta(r.Records.HeadKept - r.Records.BaseKept)}) of {r.Records.BaseIn} → {r.Records.HeadIn} read.\n\n");

        md.Append("### Spec changes\n\n");
        foreach (var change in r.SpecChanges.DefaultIfEmpty("no change to the spec"))
        {
            md.Append("- ").Append(change).Append('\n');
        }

        md.Append("\n### Records\n\n");
        md.Append(CultureInfo.InvariantCulture, $"{r.Added} added, {r.Removed} removed, {r.Changed} changed. Content hash `{Short(r.BaseContentHash)}` → `{Short(r.HeadContentHash)}`.\n\n");
        if (r.RemovedBy.Count > 0)
        {
            md.Append("Removed or changed records were dropped by: ");
            md.Append(string.Join(", ", r.RemovedBy.OrderByDescending(x => x.Value).Select(x => $"**{x.Key}** ({x.Value})")));
            md.Append(".\n\n");
        }

        md.Append(r.ImpliedBump switch
        {
            "none" => "The content is unchanged: no version bump is needed.\n\n",
            "major" => "Removing or changing records implies a **major** version bump",
            "minor" => "Only adding records implies a **minor** version bump",
            _ => "The same records in a new order or serialisation imply a **patch** version bump",
        });
        if (r.ImpliedBump != "none")
        {
            md.Append(CultureInfo.InvariantCulture, $"; the spec's version went {r.BaseVersion} → {r.HeadVersion} ({r.VersionBump}): ");
            md.Append(r.VersionMatches ? "✅ matches.\n\n" : "❌ bump the version.\n\n");
        }

        md.Append("### Stages\n\n| stage | kind | in (base → head) | out (base → head) | Δ out |\n| --- | --- | --- | --- | --- |\n");
        foreach (var s in r.Stages)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {Cell(s.Name)} | {s.Kind} | {N(s.BaseIn)} → {N(s.HeadIn)} | {N(s.BaseOut)} → {N(s.HeadOut)} | {Delta((s.HeadOut ?? 0) - (s.BaseOut ?? 0))} |\n");
        }

        if (r.Drops.Count > 0)
        {
            md.Append("\n**Drops by reason that changed**\n\n| stage | reason | base | head | Δ |\n| --- | --- | --- | --- | --- |\n");
            foreach (var d in r.Drops)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {Cell(d.Stage)} | {Cell(d.Reason)} | {d.Base} | {d.Head} | {Delta(d.Head - d.Base)} |\n");
            }
        }

        if (r.Labels.Count > 0)
        {
            md.Append("\n### Labels\n\n| label | base | head | Δ |\n| --- | --- | --- | --- |\n");
            foreach (var l in r.Labels)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {Cell(l.Label)} | {l.Base} | {l.Head} | {Delta(l.Head - l.Base)} |\n");
            }
        }

        if (r.Coverage.Count > 0)
        {
            md.Append("\n### Coverage\n\n| target | value | base | head | |\n| --- | --- | --- | --- | --- |\n");
            foreach (var c in r.Coverage.OrderBy(c => c.Change is "newly unmet" ? 0 : c.Change is "newly met" ? 1 : 2))
            {
                md.Append(CultureInfo.InvariantCulture, $"| {Cell(c.Name)} | {Cell(c.Value ?? "")} | {N(c.BaseCount)} | {N(c.HeadCount)} | {(c.Change is "newly unmet" ? "❌ " : c.Change is "newly met" ? "✅ " : "")}{c.Change} |\n");
            }
        }

        if (r.SourcesAdded.Count + r.SourcesRemoved.Count + r.LicenceChanges.Count > 0)
        {
            md.Append("\n### Sources and licences\n\n");
            foreach (var s in r.SourcesAdded)
            {
                md.Append("- added: ").Append(s).Append('\n');
            }

            foreach (var s in r.SourcesRemoved)
            {
                md.Append("- removed: ").Append(s).Append('\n');
            }

            foreach (var s in r.LicenceChanges)
            {
                md.Append("- licence changed: ").Append(s).Append('\n');
            }
        }

        AppendSamples(md, "Added records", r.AddedSamples, samples);
        AppendSamples(md, "Removed records", r.RemovedSamples, samples);
        return md.ToString();
    }

    private static void AppendSamples(StringBuilder md, string title, List<SampleRecord> records, int samples)
    {
        if (records.Count == 0 || samples == 0)
        {
            return;
        }

        md.Append(CultureInfo.InvariantCulture, $"\n<details><summary>{title} (sample of {Math.Min(samples, records.Count)})</summary>\n\n| source | id | text |\n| --- | --- | --- |\n");
        foreach (var record in records.Take(samples))
        {
            md.Append(CultureInfo.InvariantCulture, $"| {Cell(record.Source)} | {Cell(record.Id)} | {Cell(record.Text ?? "")} |\n");
        }

        md.Append("\n</details>\n");
    }

    private static string Truncate(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Encoding.UTF8.GetString(bytes, 0, MaxBytes - 200) + "\n\n… (truncated to fit a pull-request comment)\n";
    }

    private static string N(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "–";

    private static string Delta(long value) => value > 0 ? $"+{value}" : value.ToString(CultureInfo.InvariantCulture);

    private static string Short(string hash) => hash.Length > 19 ? hash[..19] : hash;

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
