using System.Globalization;
using System.Text;

namespace DatasetBuild.Core.Governance;

/// <summary>Escaping and invariant formatting for report.html (HTML text, attributes and inline SVG alike).</summary>
internal static class HtmlText
{
    /// <summary>
    /// Escapes &amp; &lt; &gt; " ' so data can never open a tag or leave an attribute; control characters,
    /// which XML forbids, and lone surrogates become U+FFFD.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(text.Length + 16);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                case '\t' or '\n':
                    builder.Append(c);
                    break;
                case '\r':
                    break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        builder.Append(c).Append(text[++i]);
                    }
                    else if (char.IsSurrogate(c) || char.IsControl(c) || c is '\uFFFE' or '\uFFFF')
                    {
                        builder.Append('\uFFFD');
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    /// <summary>Whitespace runs collapsed to one space, cut to at most <paramref name="max"/> text elements with an ellipsis.</summary>
    public static string Snippet(string? text, int max)
    {
        var collapsed = string.Join(' ', (text ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var info = new StringInfo(collapsed);
        return info.LengthInTextElements <= max ? collapsed : info.SubstringByTextElements(0, max - 1) + "…";
    }

    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    public static string Share(long part, long whole) => whole <= 0 ? "–" : Percent((double)part / whole);

    /// <summary>A coordinate for SVG: at most two decimals, invariant.</summary>
    public static string Px(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
