using System.Numerics;

namespace DatasetBuild.Core.Assets;

/// <summary>
/// dHash (Krawetz, "Kind of Like That", 2013): the image in grey, box-averaged to 9x8, one bit per pixel
/// telling whether it is brighter than its left neighbour. Re-encoding, resizing and small brightness or
/// contrast changes move few bits; different pictures differ in about half. Integer arithmetic only, so
/// every machine computes the same hash from the same pixels.
/// </summary>
public static class DifferenceHash
{
    /// <summary>The hash of RGBA pixels (unpremultiplied, rows top to bottom); transparent pixels count as white.</summary>
    public static ulong Of(ReadOnlySpan<byte> rgba, int width, int height)
    {
        Span<long> cells = stackalloc long[9 * 8];
        Span<long> counts = stackalloc long[9 * 8];
        for (var y = 0; y < height; y++)
        {
            var cy = (int)((long)y * 8 / height);
            for (var x = 0; x < width; x++)
            {
                var cx = (int)((long)x * 9 / width);
                var p = ((y * width) + x) * 4;
                var grey = ((299 * rgba[p]) + (587 * rgba[p + 1]) + (114 * rgba[p + 2]) + 500) / 1000;
                var alpha = rgba[p + 3];
                grey = ((grey * alpha) + (255 * (255 - alpha)) + 127) / 255;
                cells[(cy * 9) + cx] += grey;
                counts[(cy * 9) + cx]++;
            }
        }

        // An image narrower than 9 or lower than 8 pixels leaves cells empty: they take their left or upper neighbour.
        for (var i = 0; i < cells.Length; i++)
        {
            if (counts[i] == 0)
            {
                var from = i % 9 > 0 ? i - 1 : i - 9;
                cells[i] = from >= 0 ? cells[from] : 0;
                counts[i] = from >= 0 ? counts[from] : 1;
            }
        }

        ulong hash = 0;
        for (var row = 0; row < 8; row++)
        {
            for (var col = 0; col < 8; col++)
            {
                var left = row * 9 + col;
                // Compare means without division: a/ca < b/cb  ⇔  a·cb < b·ca.
                var brighter = cells[left + 1] * counts[left] > cells[left] * counts[left + 1];
                hash = (hash << 1) | (brighter ? 1UL : 0);
            }
        }

        return hash;
    }

    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);
}
