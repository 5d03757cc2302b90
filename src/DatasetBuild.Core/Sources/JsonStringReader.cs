using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace DatasetBuild.Core.Sources;

/// <summary>
/// Reads the string token a <see cref="Utf8JsonReader"/> is on. An escaped string (a text with <c>\n</c> or
/// <c>\"</c>) is unescaped here, straight into one buffer of characters: <see cref="Utf8JsonReader.GetString"/>
/// rents and clears a buffer per escaped string, which costs more than the parsing. Same result; anything unusual
/// (a <c>\u</c> escape of a lone surrogate) is left to <see cref="Utf8JsonReader.GetString"/>.
/// </summary>
internal static class JsonStringReader
{
    public static string Read(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return reader.GetString()!;
        }

        return TryUnescape(reader.ValueSpan) ?? reader.GetString()!;
    }

    private static string? TryUnescape(ReadOnlySpan<byte> utf8)
    {
        // Unescaping never lengthens: each UTF-8 byte or escape gives at most one UTF-16 unit per byte.
        var chars = ArrayPool<char>.Shared.Rent(utf8.Length);
        try
        {
            var length = 0;
            while (!utf8.IsEmpty)
            {
                var backslash = utf8.IndexOf((byte)'\\');
                var plain = backslash < 0 ? utf8 : utf8[..backslash];
                length += Encoding.UTF8.GetChars(plain, chars.AsSpan(length));
                if (backslash < 0)
                {
                    break;
                }

                utf8 = utf8[(backslash + 1)..];
                var escaped = utf8[0];
                utf8 = utf8[1..];
                if (escaped != (byte)'u')
                {
                    chars[length++] = escaped switch
                    {
                        (byte)'n' => '\n',
                        (byte)'t' => '\t',
                        (byte)'r' => '\r',
                        (byte)'b' => '\b',
                        (byte)'f' => '\f',
                        _ => (char)escaped, // " \ /
                    };
                    continue;
                }

                var unit = (char)int.Parse(utf8[..4], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                utf8 = utf8[4..];
                if (char.IsHighSurrogate(unit) && utf8.Length >= 6 && utf8[0] == (byte)'\\' && utf8[1] == (byte)'u'
                    && char.IsLowSurrogate((char)int.Parse(utf8.Slice(2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture)))
                {
                    chars[length++] = unit;
                    unit = (char)int.Parse(utf8.Slice(2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
                    utf8 = utf8[6..];
                }
                else if (char.IsSurrogate(unit))
                {
                    return null;
                }

                chars[length++] = unit;
            }

            return new string(chars, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
