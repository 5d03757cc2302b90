#:package SkiaSharp@4.155.0
#:package SkiaSharp.NativeAssets.Linux.NoDependencies@4.155.0
// Generates the example's data: drawn PNG/JPEG images with captions (data/photos.jsonl) and spoken WAV clips
// with transcripts (data/clips.jsonl), with the deliberate defects the README walks through.
// Run from examples/media-pairs:  dotnet run tools/generate_media.cs   (needs espeak-ng: apt-get install espeak-ng)
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SkiaSharp;

var root = Directory.GetCurrentDirectory();
var images = Path.Combine(root, "data", "images");
var audio = Path.Combine(root, "data", "audio");
foreach (var folder in new[] { images, audio })
{
    if (Directory.Exists(folder))
    {
        Directory.Delete(folder, recursive: true);
    }

    Directory.CreateDirectory(folder);
}

byte[] Draw(int width, int height, SKColor background, Action<SKCanvas> draw, SKEncodedImageFormat format = SKEncodedImageFormat.Png, int quality = 100)
{
    using var bitmap = new SKBitmap(width, height);
    using (var canvas = new SKCanvas(bitmap))
    {
        // A diagonal gradient, as light falls on a real scene: it also gives the dHash bits a stable direction.
        using var shade = new SKPaint
        {
            Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height),
                [background, new SKColor((byte)(background.Red * 3 / 5), (byte)(background.Green * 3 / 5), (byte)(background.Blue * 3 / 5))], SKShaderTileMode.Clamp),
        };
        canvas.DrawRect(0, 0, width, height, shade);
        draw(canvas);
    }

    using var data = bitmap.Encode(format, quality);
    return data.ToArray();
}

SKPaint Fill(SKColor color) => new() { Color = color, IsAntialias = false, Style = SKPaintStyle.Fill };

var photos = new List<(string Id, string Image, string Caption)>();
void Photo(string id, string file, string caption, byte[]? bytes)
{
    if (bytes is not null)
    {
        File.WriteAllBytes(Path.Combine(images, file), bytes);
    }

    photos.Add((id, "images/" + file, caption));
}

var redCircle = Draw(96, 72, SKColors.White, c => c.DrawCircle(48, 36, 22, Fill(SKColors.Red)));
Photo("p01", "p01-red-circle.png", "A red circle in the middle of a white background.", redCircle);
void BlueSquare(SKCanvas c) => c.DrawRect(18, 16, 40, 40, Fill(SKColors.Blue));
var yellow = new SKColor(250, 220, 40);
Photo("p02", "p02-blue-square.png", "A blue square on a yellow background, left of centre.", Draw(96, 72, yellow, BlueSquare));
Photo("p03", "p03-green-triangle.png", "A green triangle pointing up on a black background.", Draw(96, 72, SKColors.Black, c =>
{
    using var path = SKPath.ParseSvgPathData("M48 8 L84 64 L12 64 Z");
    c.DrawPath(path, Fill(SKColors.Lime));
}));
Photo("p04", "p04-orange-circles.png", "Two orange circles side by side on a navy background.", Draw(96, 72, SKColors.Navy, c =>
{
    c.DrawCircle(26, 36, 16, Fill(SKColors.Orange));
    c.DrawCircle(70, 36, 16, Fill(SKColors.Orange));
}));
Photo("p05", "p05-purple-stripes.png", "Purple and white horizontal stripes across the whole frame.", Draw(96, 72, SKColors.White, c =>
{
    for (var y = 0; y < 72; y += 18)
    {
        c.DrawRect(0, y, 96, 9, Fill(SKColors.Purple));
    }
}));
Photo("p06", "p06-grey-diagonal.png", "A thick grey diagonal line from the top left to the bottom right corner.", Draw(96, 72, SKColors.White, c =>
    c.DrawLine(0, 0, 96, 72, new SKPaint { Color = SKColors.Gray, StrokeWidth = 10, IsAntialias = false })));
Photo("p07", "p07-checkerboard.jpg", "A black and white checkerboard of eight by six squares.", Draw(96, 72, SKColors.White, c =>
{
    for (var y = 0; y < 6; y++)
    {
        for (var x = 0; x < 8; x++)
        {
            if ((x + y) % 2 == 0)
            {
                c.DrawRect(x * 12, y * 12, 12, 12, Fill(SKColors.Black));
            }
        }
    }
}, SKEncodedImageFormat.Jpeg, 90));

// Defects.
Photo("p08", "p08-sunflower.png", "A sunflower in a terracotta pot on a windowsill.", null); // the file was never delivered
var hearts = Draw(96, 72, SKColors.MistyRose, c =>
{
    c.DrawCircle(36, 30, 14, Fill(SKColors.DeepPink));
    c.DrawCircle(60, 30, 14, Fill(SKColors.DeepPink));
    c.DrawRect(30, 36, 36, 20, Fill(SKColors.DeepPink));
});
Photo("p09", "p09-pink-shape.png", "A pink shape made of two circles over a bar on a pale pink background.", hearts[..(hearts.Length * 3 / 5)]); // cut off mid-transfer
File.WriteAllText(Path.Combine(images, "p10-harbour.png"), "Sorry, the harbour photo is still on my other laptop.\n"); // a note saved under an image name
Photo("p10", "p10-harbour.png", "Fishing boats moored in a small harbour at dawn.", null);
Photo("p11", "p11-red-dot.png", "Red dot on a white card, seen from above.", redCircle); // the same bytes as p01 under another name
var brighter = Draw(96, 72, yellow, BlueSquare);
using (var bitmap = SKBitmap.Decode(brighter))
{
    for (var y = 0; y < bitmap.Height; y++)
    {
        for (var x = 0; x < bitmap.Width; x++)
        {
            var p = bitmap.GetPixel(x, y);
            bitmap.SetPixel(x, y, new SKColor((byte)Math.Min(255, p.Red + 12), (byte)Math.Min(255, p.Green + 12), (byte)Math.Min(255, p.Blue + 12)));
        }
    }

    using var jpeg = bitmap.Encode(SKEncodedImageFormat.Jpeg, 85);
    Photo("p12", "p12-blue-square-edited.jpg", "A blue square on a pale yellow background.", jpeg.ToArray()); // p02 brightened and re-encoded
}

Photo("p13", "p13-cyan-ring.png", "A picture of something.", Draw(96, 72, SKColors.White, c =>
    c.DrawCircle(48, 36, 24, new SKPaint { Color = SKColors.DarkCyan, Style = SKPaintStyle.Stroke, StrokeWidth = 8 })));
Photo("p14", "p14-thumbnail.png", "A tiny thumbnail of a brown square on a beige background.", Draw(16, 12, SKColors.Beige, c => c.DrawRect(4, 3, 8, 6, Fill(SKColors.Brown))));

var clips = new List<(string Id, string Audio, string Transcript)>();
void Speak(string file, string text)
{
    var espeak = Process.Start(new ProcessStartInfo("espeak-ng", ["-v", "en", "-s", "160", "-w", Path.Combine(audio, file), text]))!;
    espeak.WaitForExit();
    if (espeak.ExitCode != 0)
    {
        throw new InvalidOperationException($"espeak-ng failed for {file}");
    }
}

void Clip(string id, string file, string transcript, string? spoken)
{
    if (spoken is not null)
    {
        Speak(file, spoken);
    }

    clips.Add((id, "audio/" + file, transcript));
}

// A 16-bit mono PCM WAV of the given samples.
void WriteWav(string file, short[] samples, int rate = 22050)
{
    using var stream = File.Create(Path.Combine(audio, file));
    using var writer = new BinaryWriter(stream);
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

const string Train = "The train to Edinburgh leaves from platform four at half past nine.";
Clip("c01", "c01-train.wav", Train, Train);
const string Plants = "Please remember to water the plants on Thursday.";
Clip("c02", "c02-plants.wav", Plants, Plants);
const string Umbrella = "It is raining again, so bring an umbrella when you go out.";
Clip("c03", "c03-umbrella.wav", Umbrella, Umbrella);
// Defects.
Clip("c04", "c04-good-morning.wav",
    "Good morning everyone and welcome to the quarterly review where we will go through the sales figures for every region, " +
    "the hiring plan for the next two quarters, the new office in Lisbon and the questions you sent in before the meeting.",
    "Good morning."); // the transcript of a whole talk on a two-word clip
var rng = new Random(7);
WriteWav("c05-silence.wav", Enumerable.Range(0, 22050 * 2).Select(_ => (short)rng.Next(-20, 21)).ToArray()); // two seconds of faint hiss
clips.Add(("c05", "audio/c05-silence.wav", "Welcome to the weekly team meeting, everyone."));
WriteWav("c06-empty.wav", []); // a recorder that never started
clips.Add(("c06", "audio/c06-empty.wav", "Thank you for calling, how can I help you today?"));
Clip("c07", "c07-directions.wav", "Okay.",
    "Turn left at the bakery, walk past the library and the post office, and the museum entrance is on your right after the second crossing."); // a transcript that stops after one word

// One JSON object per line (written by hand: file-based apps trim away reflection-based serialisation).
string Line(params (string Key, string Value)[] fields)
{
    using var buffer = new MemoryStream();
    using (var json = new Utf8JsonWriter(buffer))
    {
        json.WriteStartObject();
        foreach (var (key, value) in fields)
        {
            json.WriteString(key, value);
        }

        json.WriteEndObject();
    }

    return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
}

File.WriteAllText(Path.Combine(root, "data", "photos.jsonl"), string.Concat(photos.Select(p => Line(("id", p.Id), ("image", p.Image), ("caption", p.Caption)))), new UTF8Encoding(false));
File.WriteAllText(Path.Combine(root, "data", "clips.jsonl"), string.Concat(clips.Select(c => Line(("id", c.Id), ("audio", c.Audio), ("transcript", c.Transcript)))), new UTF8Encoding(false));
Console.WriteLine($"{photos.Count} photos, {clips.Count} clips");
