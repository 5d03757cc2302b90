using System.Buffers.Binary;
using System.IO.Compression;

namespace DatasetBuild.Tests.Governance;

/// <summary>
/// A minimal PNG decoder for screenshots: 8-bit RGB or RGBA, not interlaced. Reads the chunks, inflates the
/// IDAT stream and undoes the per-row filters (PNG specification, section 9).
/// </summary>
internal sealed class PngImage
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private PngImage(int width, int height, byte[] rgba)
    {
        Width = width;
        Height = height;
        Rgba = rgba;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Four bytes per pixel, rows top to bottom.</summary>
    public byte[] Rgba { get; }

    public static PngImage Read(string path) => Decode(File.ReadAllBytes(path));

    public static PngImage Decode(byte[] png)
    {
        if (png.Length < Signature.Length || !png.AsSpan(0, Signature.Length).SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG file");
        }

        int width = 0, height = 0, channels = 0;
        using var compressed = new MemoryStream();
        var position = Signature.Length;
        while (position + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            var type = System.Text.Encoding.ASCII.GetString(png, position + 4, 4);
            var data = png.AsSpan(position + 8, length);
            position += 12 + length;
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    var bitDepth = data[8];
                    var colorType = data[9];
                    var interlace = data[12];
                    if (bitDepth != 8 || colorType is not (2 or 6) || interlace != 0)
                    {
                        throw new NotSupportedException($"PNG bit depth {bitDepth}, colour type {colorType}, interlace {interlace}: only 8-bit RGB/RGBA, not interlaced");
                    }

                    channels = colorType == 2 ? 3 : 4;
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
                case "IEND":
                    position = png.Length;
                    break;
            }
        }

        if (channels == 0)
        {
            throw new InvalidDataException("PNG without IHDR");
        }

        compressed.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.GetBuffer();
        var stride = width * channels;
        if (inflated.Length < (long)(stride + 1) * height)
        {
            throw new InvalidDataException("PNG image data is shorter than its header says");
        }

        var previous = new byte[stride];
        var current = new byte[stride];
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            var offset = y * (stride + 1);
            var filter = raw[offset];
            Array.Copy(raw, offset + 1, current, 0, stride);
            Unfilter(filter, current, previous, channels);
            for (var x = 0; x < width; x++)
            {
                var target = ((y * width) + x) * 4;
                rgba[target] = current[x * channels];
                rgba[target + 1] = current[(x * channels) + 1];
                rgba[target + 2] = current[(x * channels) + 2];
                rgba[target + 3] = channels == 4 ? current[(x * channels) + 3] : (byte)255;
            }

            (previous, current) = (current, previous);
        }

        return new PngImage(width, height, rgba);
    }

    /// <summary>Pixels whose colour is within <paramref name="tolerance"/> of <paramref name="hex"/> (#rrggbb) on every channel.</summary>
    public int CountColor(string hex, int tolerance)
    {
        var r = Convert.ToInt32(hex[1..3], 16);
        var g = Convert.ToInt32(hex[3..5], 16);
        var b = Convert.ToInt32(hex[5..7], 16);
        var count = 0;
        for (var i = 0; i < Rgba.Length; i += 4)
        {
            if (Math.Abs(Rgba[i] - r) <= tolerance && Math.Abs(Rgba[i + 1] - g) <= tolerance && Math.Abs(Rgba[i + 2] - b) <= tolerance)
            {
                count++;
            }
        }

        return count;
    }

    private static void Unfilter(byte filter, byte[] row, byte[] above, int bpp)
    {
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0;
            int up = above[i];
            int upLeft = i >= bpp ? above[i - bpp] : 0;
            row[i] = filter switch
            {
                0 => row[i],
                1 => (byte)(row[i] + left),
                2 => (byte)(row[i] + up),
                3 => (byte)(row[i] + ((left + up) >> 1)),
                4 => (byte)(row[i] + Paeth(left, up, upLeft)),
                _ => throw new InvalidDataException($"unknown PNG filter type {filter}"),
            };
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
