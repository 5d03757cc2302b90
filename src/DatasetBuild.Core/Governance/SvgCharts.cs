using System.Text;
using static DatasetBuild.Core.Governance.HtmlText;

namespace DatasetBuild.Core.Governance;

/// <summary>Inline SVG charts built as text: horizontal bars (stacked segments, target markers) and columns.</summary>
internal static class SvgCharts
{
    public const int Width = 560;

    private const string Ink = "#1d2330";
    private const string Muted = "#5b6472";
    private const string Grid = "#e3e6ea";
    private const string Axis = "#8a93a0";

    public sealed record Segment(long Value, string Color, string Title);

    public sealed record Marker(double Value, string Title);

    public sealed record Bar(string Label, IReadOnlyList<Segment> Segments, string ValueText, IReadOnlyList<Marker>? Markers = null);

    public sealed record Column(string Label, long Value, string Color, string Title);

    /// <summary>One row per bar: label on the left, segments stacked from 0, the value text after the bar, an x axis below.</summary>
    public static void HorizontalBars(StringBuilder html, string title, IReadOnlyList<Bar> bars, string axisLabel)
    {
        const double labelWidth = 170;
        const double valueWidth = 130;
        const double rowHeight = 24;
        const double barHeight = 16;
        const double top = 6;
        var plotWidth = Width - labelWidth - valueWidth;
        var max = bars.Select(b => Math.Max(b.Segments.Sum(s => Math.Max(0, s.Value)), b.Markers?.Select(m => m.Value).DefaultIfEmpty(0).Max() ?? 0))
            .DefaultIfEmpty(0).Max();
        var (scaleMax, step) = NiceScale(max);
        var plotHeight = bars.Count * rowHeight;
        var height = top + plotHeight + 44;

        Open(html, title, height);
        for (double tick = 0; tick <= scaleMax + step / 2; tick += step)
        {
            var x = labelWidth + (tick / scaleMax * plotWidth);
            html.Append($"<line x1=\"{Px(x)}\" y1=\"{Px(top)}\" x2=\"{Px(x)}\" y2=\"{Px(top + plotHeight)}\" stroke=\"{Grid}\"/>\n");
            html.Append($"<text x=\"{Px(x)}\" y=\"{Px(top + plotHeight + 16)}\" font-size=\"11\" fill=\"{Muted}\" text-anchor=\"middle\">{Escape(Count((long)tick))}</text>\n");
        }

        html.Append($"<line x1=\"{Px(labelWidth)}\" y1=\"{Px(top + plotHeight)}\" x2=\"{Px(labelWidth + plotWidth)}\" y2=\"{Px(top + plotHeight)}\" stroke=\"{Axis}\"/>\n");
        html.Append($"<text x=\"{Px(labelWidth + (plotWidth / 2))}\" y=\"{Px(top + plotHeight + 36)}\" font-size=\"12\" fill=\"{Muted}\" text-anchor=\"middle\">{Escape(axisLabel)}</text>\n");

        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = top + (i * rowHeight) + ((rowHeight - barHeight) / 2);
            html.Append($"<text x=\"{Px(labelWidth - 8)}\" y=\"{Px(y + barHeight - 3)}\" font-size=\"12\" fill=\"{Ink}\" text-anchor=\"end\"><title>{Escape(bar.Label)}</title>{Escape(Snippet(bar.Label, 24))}</text>\n");
            var x = labelWidth;
            foreach (var segment in bar.Segments)
            {
                if (segment.Value <= 0)
                {
                    continue;
                }

                var w = Math.Max(1, segment.Value / scaleMax * plotWidth);
                html.Append($"<rect x=\"{Px(x)}\" y=\"{Px(y)}\" width=\"{Px(w)}\" height=\"{Px(barHeight)}\" fill=\"{segment.Color}\"><title>{Escape(segment.Title)}</title></rect>\n");
                x += w;
            }

            foreach (var marker in bar.Markers ?? [])
            {
                var mx = labelWidth + (marker.Value / scaleMax * plotWidth);
                html.Append($"<line x1=\"{Px(mx)}\" y1=\"{Px(y - 3)}\" x2=\"{Px(mx)}\" y2=\"{Px(y + barHeight + 3)}\" stroke=\"{Ink}\" stroke-width=\"2\"><title>{Escape(marker.Title)}</title></line>\n");
            }

            html.Append($"<text x=\"{Px(x + 6)}\" y=\"{Px(y + barHeight - 3)}\" font-size=\"12\" fill=\"{Ink}\">{Escape(bar.ValueText)}</text>\n");
        }

        html.Append("</svg>\n");
    }

    /// <summary>Vertical columns, one per bucket, with a y axis of counts and the bucket labels below.</summary>
    public static void Columns(StringBuilder html, string title, IReadOnlyList<Column> columns, string xLabel, string yLabel)
    {
        const double left = 64;
        const double right = 12;
        const double top = 10;
        const double plotHeight = 180;
        const double bottom = 56;
        var plotWidth = Width - left - right;
        var (scaleMax, step) = NiceScale(columns.Select(c => (double)c.Value).DefaultIfEmpty(0).Max());
        var height = top + plotHeight + bottom;

        Open(html, title, height);
        for (double tick = 0; tick <= scaleMax + step / 2; tick += step)
        {
            var y = top + plotHeight - (tick / scaleMax * plotHeight);
            html.Append($"<line x1=\"{Px(left)}\" y1=\"{Px(y)}\" x2=\"{Px(left + plotWidth)}\" y2=\"{Px(y)}\" stroke=\"{Grid}\"/>\n");
            html.Append($"<text x=\"{Px(left - 6)}\" y=\"{Px(y + 4)}\" font-size=\"11\" fill=\"{Muted}\" text-anchor=\"end\">{Escape(Count((long)tick))}</text>\n");
        }

        html.Append($"<line x1=\"{Px(left)}\" y1=\"{Px(top + plotHeight)}\" x2=\"{Px(left + plotWidth)}\" y2=\"{Px(top + plotHeight)}\" stroke=\"{Axis}\"/>\n");
        html.Append($"<text transform=\"translate(14 {Px(top + (plotHeight / 2))}) rotate(-90)\" font-size=\"12\" fill=\"{Muted}\" text-anchor=\"middle\">{Escape(yLabel)}</text>\n");
        html.Append($"<text x=\"{Px(left + (plotWidth / 2))}\" y=\"{Px(height - 6)}\" font-size=\"12\" fill=\"{Muted}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n");

        var slot = columns.Count == 0 ? plotWidth : plotWidth / columns.Count;
        var labelEvery = Math.Max(1, (int)Math.Ceiling(columns.Count / (plotWidth / 46)));
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var x = left + (i * slot);
            var h = column.Value <= 0 ? 0 : Math.Max(1, column.Value / scaleMax * plotHeight);
            if (h > 0)
            {
                html.Append($"<rect x=\"{Px(x + 2)}\" y=\"{Px(top + plotHeight - h)}\" width=\"{Px(Math.Max(1, slot - 4))}\" height=\"{Px(h)}\" fill=\"{column.Color}\"><title>{Escape(column.Title)}</title></rect>\n");
            }

            if (i % labelEvery == 0)
            {
                html.Append($"<text x=\"{Px(x + (slot / 2))}\" y=\"{Px(top + plotHeight + 15)}\" font-size=\"10\" fill=\"{Muted}\" text-anchor=\"middle\">{Escape(column.Label)}</text>\n");
            }
        }

        html.Append("</svg>\n");
    }

    /// <summary>A rounded axis maximum and its step (1, 2, 2.5 or 5 times a power of ten, about four steps, whole numbers).</summary>
    internal static (double Max, double Step) NiceScale(double max)
    {
        if (max <= 0)
        {
            return (1, 1);
        }

        var raw = max / 4;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var residual = raw / magnitude;
        // 2.5 only from 25 up: tick labels are whole counts.
        var step = (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 2.5 && magnitude >= 10 ? 2.5 : residual <= 5 ? 5 : 10) * magnitude;
        if (step < 1)
        {
            step = 1;
        }

        return (Math.Ceiling(max / step) * step, step);
    }

    private static void Open(StringBuilder html, string title, double height) =>
        html.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{Width}\" height=\"{Px(height)}\" viewBox=\"0 0 {Width} {Px(height)}\" font-family=\"system-ui, sans-serif\"><title>{Escape(title)}</title>\n");
}
