using System.Globalization;
using System.Text;
using static DatasetBuild.Core.Governance.HtmlText;

namespace DatasetBuild.Core.Governance;

/// <summary>
/// report.html: one self-contained page (inline CSS and SVG; no script, font or image fetched) with the
/// stage funnel, labels against coverage targets, source mix, length histograms, splits, conflicts and
/// outliers. A pure function of the model: invariant formatting, '\n' newlines, no clock.
/// </summary>
public static class HtmlReport
{
    private const string Css = """
        :root { color-scheme: light; }
        body { margin: 0; background: #f6f7f9; color: #1d2330; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
        main { max-width: 1160px; margin: 0 auto; padding: 20px 20px 40px; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h1 .version { color: #5b6472; font-weight: 400; }
        h2 { font-size: 17px; margin: 0 0 10px; }
        h3 { font-size: 14px; margin: 12px 0 6px; }
        header p { margin: 4px 0; }
        dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0 0; font-size: 12px; color: #5b6472; }
        dl.meta dd { margin: 0; }
        code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; overflow-wrap: anywhere; }
        .stats { display: flex; gap: 12px; margin: 16px 0; }
        .stat { flex: 1; background: #fff; border: 1px solid #dde1e7; border-radius: 8px; padding: 10px 14px; }
        .stat b { display: block; font-size: 22px; }
        .stat span { color: #5b6472; font-size: 12px; }
        section.card { background: #fff; border: 1px solid #dde1e7; border-radius: 8px; padding: 14px 18px; margin: 14px 0; }
        .row { display: flex; flex-wrap: wrap; gap: 20px; align-items: flex-start; }
        .chart { flex: 1 1 520px; max-width: 560px; }
        .chart svg { display: block; max-width: 100%; height: auto; }
        .detail { flex: 1 1 380px; min-width: 0; }
        table { border-collapse: collapse; font-size: 12.5px; width: 100%; }
        th, td { padding: 3px 8px; border-bottom: 1px solid #edf0f3; text-align: left; vertical-align: top; }
        th { color: #5b6472; font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .met { color: #1b7f3b; font-weight: 600; }
        .unmet { color: #b3261e; font-weight: 600; }
        .note { color: #5b6472; font-style: italic; }
        .legend { font-size: 12px; color: #5b6472; margin: 4px 0 0; }
        .swatch { display: inline-block; width: 10px; height: 10px; margin: 0 4px 0 10px; vertical-align: baseline; }
        footer { color: #5b6472; font-size: 12px; margin-top: 20px; }
        """;

    /// <summary>The page, as text (write it as UTF-8).</summary>
    public static string Render(ReportModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append($"<title>{Escape(model.Name)} {Escape(model.Version)} · DatasetBuild report</title>\n");
        html.Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");
        Header(html, model);
        Funnel(html, model);
        Labels(html, model);
        Sources(html, model);
        Lengths(html, model);
        Splits(html, model);
        Conflicts(html, model);
        Outliers(html, model);
        html.Append("<footer>Built by DatasetBuild");
        if (model.ToolVersion is { } tool)
        {
            html.Append(' ').Append(Escape(tool));
        }

        html.Append(". This page is self-contained: no scripts, fonts or images are fetched.</footer>\n</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Header(StringBuilder html, ReportModel model)
    {
        html.Append($"<header>\n<h1>{Escape(model.Name)} <span class=\"version\">{Escape(model.Version)}</span></h1>\n");
        if (!string.IsNullOrWhiteSpace(model.Description))
        {
            html.Append($"<p>{Escape(model.Description)}</p>\n");
        }

        html.Append("<dl class=\"meta\">\n");
        html.Append($"<dt>content hash</dt><dd><code>{Escape(model.ContentHash)}</code></dd>\n");
        if (model.SpecSha256 is { } spec)
        {
            html.Append($"<dt>spec sha256</dt><dd><code>{Escape(spec)}</code></dd>\n");
        }

        if (model.IntendedUse is { } use)
        {
            html.Append($"<dt>intended use</dt><dd>{Escape(use)}</dd>\n");
        }

        html.Append("</dl>\n</header>\n");
        html.Append("<div class=\"stats\">\n");
        Stat(html, Count(model.RecordsIn), "records read");
        Stat(html, Count(model.RecordsKept), $"kept ({Share(model.RecordsKept, model.RecordsIn)})");
        Stat(html, Count(model.RecordsDropped), $"dropped ({Share(model.RecordsDropped, model.RecordsIn)})");
        Stat(html, Count(model.Splits.Count), model.Splits.Count == 1 ? "split" : "splits");
        html.Append("</div>\n");
    }

    private static void Stat(StringBuilder html, string value, string label) =>
        html.Append($"<div class=\"stat\"><b>{Escape(value)}</b><span>{Escape(label)}</span></div>\n");

    private static void Funnel(StringBuilder html, ReportModel model)
    {
        html.Append("<section class=\"card\" id=\"funnel\">\n<h2>Stage funnel</h2>\n");
        if (model.Stages.Count == 0)
        {
            html.Append("<p class=\"note\">No stages recorded.</p>\n</section>\n");
            return;
        }

        html.Append("<div class=\"row\">\n<div class=\"chart\">\n");
        var bars = model.Stages.Select(s =>
        {
            var dropped = Math.Max(0, s.RecordsIn - s.RecordsOut);
            return new SvgCharts.Bar(
                s.Name,
                [
                    new SvgCharts.Segment(s.RecordsOut, ReportColors.FunnelKept, $"{s.Name}: {Count(s.RecordsOut)} of {Count(s.RecordsIn)} records pass"),
                    new SvgCharts.Segment(dropped, ReportColors.FunnelDropped, $"{s.Name}: {Count(dropped)} dropped"),
                ],
                dropped > 0 ? $"{Count(s.RecordsOut)} (−{Count(dropped)})" : Count(s.RecordsOut));
        }).ToList();
        SvgCharts.HorizontalBars(html, "Records in and out of each stage", bars, "records");
        Legend(html, (ReportColors.FunnelKept, "passed"), (ReportColors.FunnelDropped, "dropped"));
        html.Append("</div>\n<div class=\"detail\">\n<table>\n<thead><tr><th>stage</th><th>reason</th><th class=\"num\">dropped</th></tr></thead>\n<tbody>\n");
        var any = false;
        foreach (var stage in model.Stages)
        {
            foreach (var (reason, count) in stage.Dropped.OrderByDescending(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal))
            {
                any = true;
                html.Append($"<tr><td>{Escape(stage.Name)}</td><td>{Escape(reason)}</td><td class=\"num\">{Count(count)}</td></tr>\n");
            }
        }

        if (!any)
        {
            html.Append("<tr><td colspan=\"3\" class=\"note\">No record was dropped.</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n</div>\n</section>\n");
    }

    private static void Labels(StringBuilder html, ReportModel model)
    {
        html.Append("<section class=\"card\" id=\"labels\">\n<h2>Labels");
        if (model.LabelField is { } field)
        {
            html.Append($" <span class=\"note\">({Escape(field)})</span>");
        }

        html.Append("</h2>\n");
        var targets = model.Coverage
            .Where(c => c.By is not null && c.By == model.LabelField && c.Value is not null)
            .GroupBy(c => c.Value!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var counts = new Dictionary<string, long>(model.LabelCounts, StringComparer.Ordinal);
        foreach (var label in targets.Keys)
        {
            counts.TryAdd(label, 0);
        }

        if (counts.Count == 0 && model.Coverage.Count == 0)
        {
            html.Append("<p class=\"note\">The spec has no labels.</p>\n</section>\n");
            return;
        }

        html.Append("<div class=\"row\">\n<div class=\"chart\">\n");
        var total = counts.Values.Sum();
        var bars = new List<SvgCharts.Bar>();
        foreach (var (label, count) in counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal))
        {
            var own = targets.GetValueOrDefault(label) ?? [];
            var met = own.TrueForAll(t => t.Met);
            var markers = new List<SvgCharts.Marker>();
            foreach (var target in own)
            {
                if (target.MinCount is { } min)
                {
                    markers.Add(new SvgCharts.Marker(min, $"{target.Name}: at least {Count(min)}"));
                }

                if (target.MaxShare is { } share)
                {
                    markers.Add(new SvgCharts.Marker(share * total, $"{target.Name}: at most {Percent(share)}"));
                }
            }

            bars.Add(new SvgCharts.Bar(
                label,
                [new SvgCharts.Segment(count, met ? ReportColors.Label : ReportColors.LabelUnmet, $"{label}: {Count(count)} records")],
                $"{Count(count)} ({Share(count, total)})",
                markers));
        }

        SvgCharts.HorizontalBars(html, "Kept records per label", bars, "records");
        Legend(html, (ReportColors.Label, "target met or none"), (ReportColors.LabelUnmet, "target unmet"));
        html.Append("<p class=\"legend\">Black ticks mark coverage targets: the minimum count and the maximum share.</p>\n");
        html.Append("</div>\n<div class=\"detail\">\n");
        if (model.Coverage.Count == 0)
        {
            html.Append("<p class=\"note\">No coverage targets.</p>\n");
        }
        else
        {
            html.Append("<table>\n<thead><tr><th>target</th><th>value</th><th>wanted</th><th class=\"num\">actual</th><th>result</th></tr></thead>\n<tbody>\n");
            foreach (var target in model.Coverage)
            {
                var wanted = new List<string>();
                if (target.MinCount is { } min)
                {
                    wanted.Add($"≥ {Count(min)}");
                }

                if (target.MaxShare is { } share)
                {
                    wanted.Add($"≤ {Percent(share)}");
                }

                var value = target.Value ?? target.Where ?? "";
                html.Append($"<tr><td>{Escape(target.Name)}</td><td>{Escape(value)}</td><td>{Escape(string.Join(", ", wanted))}</td>");
                html.Append($"<td class=\"num\">{Count(target.ActualCount)} ({Percent(target.ActualShare)})</td>");
                html.Append(target.Met ? "<td class=\"met\">met</td></tr>\n" : "<td class=\"unmet\">unmet</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("</div>\n</div>\n</section>\n");
    }

    private static void Sources(StringBuilder html, ReportModel model)
    {
        html.Append("<section class=\"card\" id=\"sources\">\n<h2>Sources</h2>\n<div class=\"row\">\n<div class=\"chart\">\n");
        var total = model.Sources.Sum(s => s.Records);
        var bars = model.Sources
            .Select(s => new SvgCharts.Bar(
                s.Name,
                [new SvgCharts.Segment(s.Records, ReportColors.Source, $"{s.Name}: {Count(s.Records)} records read")],
                $"{Count(s.Records)} ({Share(s.Records, total)})"))
            .ToList();
        SvgCharts.HorizontalBars(html, "Records read per source", bars, "records read");
        html.Append("</div>\n<div class=\"detail\">\n<table>\n<thead><tr><th>source</th><th>licence</th><th class=\"num\">files</th><th>licence check</th></tr></thead>\n<tbody>\n");
        foreach (var source in model.Sources)
        {
            var decision = LicensePolicy.Evaluate(source.License, model.IntendedUse, source.Permissions);
            string verdict;
            if (decision.IsOk)
            {
                var duties = new List<string>();
                if (decision.Attribution)
                {
                    duties.Add("attribution");
                }

                if (decision.ShareAlike)
                {
                    duties.Add("share-alike");
                }

                if (decision.NoDerivatives)
                {
                    duties.Add("no derivatives");
                }

                verdict = $"<span class=\"met\">ok</span>{(duties.Count > 0 ? Escape("; " + string.Join(", ", duties)) : "")}";
            }
            else
            {
                verdict = $"<span class=\"unmet\">{(decision.Verdict == LicenseVerdict.Violation ? "violation" : "invalid")}</span>: {Escape(decision.Reason)}";
            }

            html.Append($"<tr><td>{Escape(source.Name)}</td><td><code>{Escape(source.License)}</code></td><td class=\"num\">{Count(source.Files)}</td><td>{verdict}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</div>\n</div>\n</section>\n");
    }

    private static void Lengths(StringBuilder html, ReportModel model)
    {
        html.Append("<section class=\"card\" id=\"lengths\">\n<h2>Lengths</h2>\n<div class=\"row\">\n<div class=\"chart\">\n<h3>Text length</h3>\n");
        if (model.LengthHistogram is { Buckets.Count: > 0 } lengths)
        {
            Histogram(html, lengths, ReportColors.LengthHistogram, "records");
        }
        else
        {
            html.Append("<p class=\"note\">Text length histogram not computed.</p>\n");
        }

        html.Append("</div>\n");
        if (model.TokenHistogram is { Buckets.Count: > 0 } tokens)
        {
            html.Append("<div class=\"chart\">\n<h3>Tokens</h3>\n");
            Histogram(html, tokens, ReportColors.TokenHistogram, "examples");
            html.Append("</div>\n");
        }

        html.Append("</div>\n</section>\n");
    }

    private static void Histogram(StringBuilder html, ReportHistogram histogram, string color, string counted)
    {
        var columns = new List<SvgCharts.Column>();
        long? previous = null;
        foreach (var bucket in histogram.Buckets)
        {
            var label = bucket.UpTo is { } upTo ? $"≤{Count(upTo)}" : previous is { } last ? $">{Count(last)}" : "all";
            var range = bucket.UpTo is { } bound
                ? previous is { } low ? $"{Count(low + 1)}–{Count(bound)}" : $"up to {Count(bound)}"
                : previous is { } from ? $"more than {Count(from)}" : "all";
            columns.Add(new SvgCharts.Column(label, bucket.Count, color, $"{range} {histogram.Unit}: {Count(bucket.Count)} {counted}"));
            previous = bucket.UpTo ?? previous;
        }

        html.Append($"<p class=\"legend\">{Escape(histogram.Title)}</p>\n");
        SvgCharts.Columns(html, histogram.Title, columns, histogram.Unit, counted);
    }

    private static void Splits(StringBuilder html, ReportModel model)
    {
        html.Append("<section class=\"card\" id=\"splits\">\n<h2>Splits</h2>\n<div class=\"row\">\n<div class=\"chart\">\n");
        var splits = model.Splits.OrderBy(s => SplitRank(s.Name)).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        var total = splits.Sum(s => s.Records);
        var bars = splits
            .Select(s => new SvgCharts.Bar(
                s.Name,
                [new SvgCharts.Segment(s.Records, ReportColors.Split, $"{s.Name}: {Count(s.Records)} records")],
                $"{Count(s.Records)} ({Share(s.Records, total)})"))
            .ToList();
        SvgCharts.HorizontalBars(html, "Kept records per split", bars, "records");
        if (model.DuplicateTextsAcrossSplits is { } duplicates)
        {
            html.Append($"<p class=\"legend\">Leakage: {Count(duplicates)} duplicate texts across splits, {Count(model.GroupsAcrossSplits ?? 0)} groups across splits.</p>\n");
        }

        html.Append("</div>\n<div class=\"detail\">\n");
        if (model.Outputs.Count == 0)
        {
            html.Append("<p class=\"note\">No output files recorded.</p>\n");
        }
        else
        {
            html.Append("<table>\n<thead><tr><th>file</th><th>format</th><th class=\"num\">records</th><th>sha256</th></tr></thead>\n<tbody>\n");
            foreach (var output in model.Outputs)
            {
                var shortHash = output.Sha256.Length > 12 ? output.Sha256[..12] + "…" : output.Sha256;
                html.Append($"<tr><td><code>{Escape(output.Path)}</code></td><td>{Escape(output.Format)}</td><td class=\"num\">{Count(output.Records)}</td>");
                html.Append($"<td><code title=\"{Escape(output.Sha256)}\">{Escape(shortHash)}</code></td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n");
        }

        html.Append("</div>\n</div>\n</section>\n");
    }

    private static int SplitRank(string name) => name switch
    {
        "train" => 0,
        "validation" => 1,
        "test" => 2,
        _ => 3,
    };

    private static void Conflicts(StringBuilder html, ReportModel model)
    {
        html.Append("<section class=\"card\" id=\"conflicts\">\n<h2>Label conflicts</h2>\n");
        if (model.Conflicts is { } summary)
        {
            html.Append($"<p>{Count(summary.Groups)} groups of duplicates disagree on their label ({Count(summary.Records)} records); resolution: <b>{Escape(summary.Resolution)}</b>.</p>\n");
        }
        else if (model.ConflictGroups.Count == 0)
        {
            html.Append("<p class=\"note\">Conflicts not checked (labels.conflicts is not set).</p>\n</section>\n");
            return;
        }

        if (model.ConflictGroups.Count == 0)
        {
            html.Append("<p class=\"note\">No conflict group texts recorded.</p>\n</section>\n");
            return;
        }

        // Worst first: the most records outside the group's majority label, then the largest group.
        var worst = model.ConflictGroups
            .Select(g => (Group: g, Total: g.Labels.Values.Sum(), Majority: g.Labels.Values.DefaultIfEmpty(0).Max()))
            .OrderByDescending(g => g.Total - g.Majority)
            .ThenByDescending(g => g.Total)
            .ThenBy(g => g.Group.Key, StringComparer.Ordinal)
            .Take(Math.Max(0, model.MaxConflictGroups))
            .ToList();
        html.Append($"<p class=\"legend\">{Count(worst.Count)} of the {Count(model.ConflictGroups.Count)} groups recorded, worst first (most records outside the majority label).</p>\n");
        html.Append("<table>\n<thead><tr><th>group</th><th>text sample</th><th>labels</th><th class=\"num\">records</th></tr></thead>\n<tbody>\n");
        foreach (var (group, total, _) in worst)
        {
            var labels = string.Join(" · ", group.Labels
                .OrderByDescending(l => l.Value)
                .ThenBy(l => l.Key, StringComparer.Ordinal)
                .Select(l => $"{l.Key} ×{Count(l.Value)}"));
            html.Append($"<tr><td><code>{Escape(Snippet(group.Key, 24))}</code></td><td>{Escape(Snippet(group.Text, 160))}</td><td>{Escape(labels)}</td><td class=\"num\">{Count(total)}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Outliers(StringBuilder html, ReportModel model)
    {
        html.Append("<section class=\"card\" id=\"outliers\">\n<h2>Spectral outliers</h2>\n");
        if (model.Outliers.Count == 0)
        {
            html.Append("<p class=\"note\">Spectral outliers not computed.</p>\n</section>\n");
            return;
        }

        html.Append("<table>\n<thead><tr><th>record</th><th class=\"num\">score</th><th>text</th></tr></thead>\n<tbody>\n");
        foreach (var outlier in model.Outliers.OrderByDescending(o => o.Score).ThenBy(o => o.RecordId, StringComparer.Ordinal))
        {
            var score = outlier.Score.ToString("0.000", CultureInfo.InvariantCulture);
            html.Append($"<tr><td><code>{Escape(outlier.RecordId)}</code></td><td class=\"num\">{score}</td><td>{Escape(Snippet(outlier.Text, 200))}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void Legend(StringBuilder html, params (string Color, string Label)[] items)
    {
        html.Append("<p class=\"legend\">");
        foreach (var (color, label) in items)
        {
            html.Append($"<span class=\"swatch\" style=\"background:{color}\"></span>{Escape(label)}");
        }

        html.Append("</p>\n");
    }
}

/// <summary>The chart fills of report.html: distinctive, so a screenshot test can find each chart by colour.</summary>
internal static class ReportColors
{
    public const string FunnelKept = "#1f5fd1";
    public const string FunnelDropped = "#f0642c";
    public const string Label = "#0e9f87";
    public const string LabelUnmet = "#c81e5a";
    public const string Source = "#8a3ffc";
    public const string LengthHistogram = "#e8a300";
    public const string TokenHistogram = "#5aa02c";
    public const string Split = "#3d5a80";
}
