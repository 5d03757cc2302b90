using SkiaSharp;

namespace DatasetBuild.Tests.Multimodal;

/// <summary>Real image and audio files for tests: scenes drawn with SkiaSharp, WAV written byte by byte.</summary>
internal static class MediaFiles
{
    /// <summary>A textured scene (seeded blobs over a gradient): distinct seeds give pictures dHash tells apart.</summary>
    public static SKBitmap Scene(int seed, int width = 120, int height = 90)
    {
        var random = new Random(seed);
        var bitmap = new SKBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        using var shade = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                [new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)), new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256))],
                SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, 0, width, height, shade);
        for (var i = 0; i < 12; i++)
        {
            using var paint = new SKPaint { Color = new SKColor((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)), IsAntialias = true };
            canvas.DrawCircle(random.Next(width), random.Next(height), random.Next(6, width / 3), paint);
        }

        return bitmap;
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format = SKEncodedImageFormat.Png, int quality = 100)
    {
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    public static byte[] Png(int seed, int width = 120, int height = 90)
    {
        using var scene = Scene(seed, width, height);
        return Encode(scene);
    }

    /// <summary>The scene a little brighter, re-encoded as JPEG: the same picture to a person, other bytes.</summary>
    public static byte[] BrightenedJpeg(int seed, int lift = 12)
    {
        using var scene = Scene(seed);
        for (var y = 0; y < scene.Height; y++)
        {
            for (var x = 0; x < scene.Width; x++)
            {
                var p = scene.GetPixel(x, y);
                scene.SetPixel(x, y, new SKColor((byte)Math.Min(255, p.Red + lift), (byte)Math.Min(255, p.Green + lift), (byte)Math.Min(255, p.Blue + lift)));
            }
        }

        return Encode(scene, SKEncodedImageFormat.Jpeg, 85);
    }

    /// <summary>16-bit mono PCM: "speech" as 180 ms syllable bursts (a 220 Hz tone with harmonics) separated by 70 ms gaps.</summary>
    public static byte[] SpeechWav(double seconds, int rate = 16000, double amplitude = 0.4)
    {
        var samples = new short[(int)(seconds * rate)];
        for (var i = 0; i < samples.Length; i++)
        {
            var t = (double)i / rate;
            var inSyllable = t % 0.25 < 0.18;
            var value = inSyllable ? amplitude * ((0.7 * Math.Sin(2 * Math.PI * 220 * t)) + (0.3 * Math.Sin(2 * Math.PI * 660 * t))) : 0;
            samples[i] = (short)(value * short.MaxValue);
        }

        return Wav(samples, rate);
    }

    /// <summary>Faint noise around -60 dBFS: a clip nobody speaks in.</summary>
    public static byte[] SilentWav(double seconds, int rate = 16000)
    {
        var random = new Random(3);
        return Wav(Enumerable.Range(0, (int)(seconds * rate)).Select(_ => (short)random.Next(-30, 31)).ToArray(), rate);
    }

    public static byte[] Wav(short[] samples, int rate = 16000)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write("RIFF"u8);
            writer.Write(36 + (samples.Length * 2));
            writer.Write("WAVEfmt "u8);
            writer.Write(16);
            writer.Write((short)1);
            writer.Write((short)1);
            writer.Write(rate);
            writer.Write(rate * 2);
            writer.Write((short)2);
            writer.Write((short)16);
            writer.Write("data"u8);
            writer.Write(samples.Length * 2);
            foreach (var sample in samples)
            {
                writer.Write(sample);
            }
        }

        return stream.ToArray();
    }

    public static void Write(Support.TempDirectory dir, string relative, byte[] bytes)
    {
        var full = dir.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
    }
}
