using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace DatasetBuild.Tests.Governance;

/// <summary>The test PNG decoder undoes every filter type, for RGB and RGBA.</summary>
[TestClass]
public sealed class PngImageTests
{
    [TestMethod]
    [DataRow(3)]
    [DataRow(4)]
    public void Decodes_every_filter_type(int channels)
    {
        const int width = 7;
        const int height = 10;
        var random = new Random(12345);
        var pixels = new byte[width * height * channels];
        random.NextBytes(pixels);

        var image = PngImage.Decode(Encode(width, height, channels, pixels));

        Assert.AreEqual(width, image.Width);
        Assert.AreEqual(height, image.Height);
        for (var i = 0; i < width * height; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                Assert.AreEqual(pixels[(i * channels) + c], image.Rgba[(i * 4) + c], $"pixel {i} channel {c}");
            }

            Assert.AreEqual(channels == 4 ? pixels[(i * channels) + 3] : 255, image.Rgba[(i * 4) + 3]);
        }
    }

    [TestMethod]
    public void Counts_pixels_near_a_colour()
    {
        byte[] pixels = [0x1f, 0x5f, 0xd1, 0x20, 0x60, 0xd0, 0xff, 0xff, 0xff];

        var image = PngImage.Decode(Encode(3, 1, 3, pixels));

        Assert.AreEqual(1, image.CountColor("#1f5fd1", tolerance: 0));
        Assert.AreEqual(2, image.CountColor("#1f5fd1", tolerance: 2));
    }

    [TestMethod]
    public void Refuses_what_it_cannot_read()
    {
        Assert.ThrowsExactly<InvalidDataException>(() => PngImage.Decode(Encoding.ASCII.GetBytes("GIF89a not a png")));
    }

    /// <summary>A PNG whose rows use filter types 0, 1, 2, 3, 4 in turn.</summary>
    private static byte[] Encode(int width, int height, int channels, byte[] pixels)
    {
        var stride = width * channels;
        var filtered = new MemoryStream();
        var above = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var row = pixels.AsSpan(y * stride, stride).ToArray();
            var filter = (byte)(y % 5);
            filtered.WriteByte(filter);
            for (var i = 0; i < stride; i++)
            {
                int left = i >= channels ? row[i - channels] : 0;
                int up = above[i];
                int upLeft = i >= channels ? above[i - channels] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) >> 1,
                    _ => Paeth(left, up, upLeft),
                };
                filtered.WriteByte((byte)(row[i] - predictor));
            }

            above = row;
        }

        var idat = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(filtered.ToArray());
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = (byte)(channels == 3 ? 2 : 6);
        var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", idat.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(MemoryStream png, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        png.Write(Encoding.ASCII.GetBytes(type));
        png.Write(data);
        png.Write(new byte[4]); // CRC: the decoder does not check it
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
