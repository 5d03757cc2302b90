using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// Where the words of a text are: maximal runs of characters that are not <see cref="char.IsWhiteSpace(char)"/>.
/// Separators are found eight characters at a time with a vector compare, so the cost is about one step per
/// word rather than per character; characters below U+0020 or from U+0080 up are checked one by one.
/// </summary>
internal static class WordBoundaries
{
    /// <summary>Writes each word's (start, end) to <paramref name="bounds"/> (grown as needed) and returns the number of words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Find(ReadOnlySpan<char> text, ref int[] bounds)
    {
        var words = 0;
        var lastSeparator = -1;
        var position = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            var units = MemoryMarshal.Cast<char, ushort>(text);
            var space = Vector128.Create((ushort)' ');
            var belowSpace = Vector128.Create((ushort)0x20);
            var nonAscii = Vector128.Create((ushort)0x80);
            for (; position + Vector128<ushort>.Count <= units.Length; position += Vector128<ushort>.Count)
            {
                var block = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(units), (nuint)position);
                var separators = Vector128.Equals(block, space).ExtractMostSignificantBits();
                var unusual = (Vector128.LessThan(block, belowSpace) | Vector128.GreaterThanOrEqual(block, nonAscii)).ExtractMostSignificantBits();
                for (; unusual != 0; unusual &= unusual - 1)
                {
                    var offset = BitOperations.TrailingZeroCount(unusual);
                    separators |= char.IsWhiteSpace(text[position + offset]) ? 1u << offset : 0;
                }

                for (; separators != 0; separators &= separators - 1)
                {
                    Separator(position + BitOperations.TrailingZeroCount(separators), ref lastSeparator, ref words, ref bounds);
                }
            }
        }

        for (; position < text.Length; position++)
        {
            if (char.IsWhiteSpace(text[position]))
            {
                Separator(position, ref lastSeparator, ref words, ref bounds);
            }
        }

        Separator(text.Length, ref lastSeparator, ref words, ref bounds);
        return words;
    }

    private static void Separator(int position, ref int lastSeparator, ref int words, ref int[] bounds)
    {
        if (position > lastSeparator + 1)
        {
            if (bounds.Length < (2 * words) + 2)
            {
                Array.Resize(ref bounds, Math.Max((2 * words) + 2, bounds.Length * 2));
            }

            bounds[2 * words] = lastSeparator + 1;
            bounds[(2 * words) + 1] = position;
            words++;
        }

        lastSeparator = position;
    }
}
