using System.Text;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// Reads strings that repeat (labels) as one instance each: a million records with five labels hold five
/// strings. Lives as long as one load; holds nothing between builds.
/// </summary>
public sealed class StringPool
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    /// <summary>The string of these UTF-8 bytes; a known one costs no allocation.</summary>
    public string Get(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 512)
        {
            return Encoding.UTF8.GetString(bytes);
        }

        Span<char> chars = stackalloc char[bytes.Length];
        var text = chars[..Encoding.UTF8.GetChars(bytes, chars)];
        var lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out var known))
        {
            return known;
        }

        var added = text.ToString();
        _strings.Add(added, added);
        return added;
    }
}
