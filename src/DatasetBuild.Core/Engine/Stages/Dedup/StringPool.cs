using System.Text;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// Reads strings that repeat (labels) as one instance each: a million records with five labels hold five
/// strings. Lives as long as one load; holds nothing between builds.
/// </summary>
public sealed class StringPool
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    /// <summary>Reads a string as <see cref="BinaryWriter.Write(string)"/> wrote it; a known one costs no allocation.</summary>
    public string Read(BinaryReader reader)
    {
        var length = reader.Read7BitEncodedInt();
        if (length > 512)
        {
            var large = new byte[length];
            reader.BaseStream.ReadExactly(large);
            return Encoding.UTF8.GetString(large);
        }

        Span<byte> bytes = stackalloc byte[length];
        reader.BaseStream.ReadExactly(bytes);
        Span<char> chars = stackalloc char[length];
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
