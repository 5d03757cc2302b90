using System.Globalization;
using System.Text;
using System.Text.Json;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Assets;

/// <summary>
/// What ingest learned about one asset a record points at: where it is (project-relative), whether it exists,
/// its sha256 and size, and what decoding found (image size and format, audio duration, rate, channels and
/// per-frame loudness, the image's dHash). Travels with the record through every stage
/// (<see cref="Record.Assets"/>), so filters and dedup never open the file again.
/// </summary>
public sealed class AssetInfo
{
    /// <summary>The schema field holding the path.</summary>
    public string Field { get; init; } = "";

    /// <summary>The file, relative to the spec's folder, '/'-separated; the raw value when it could not be resolved.</summary>
    public string Path { get; init; } = "";

    /// <summary>Why the file is not there (absent, a folder, unreadable, an empty value); null when it was read.</summary>
    public string? Missing { get; init; }

    public string? Sha256 { get; init; }

    public long Bytes { get; init; }

    /// <summary>"image", "audio", or null when the format is not recognised.</summary>
    public string? Kind { get; init; }

    /// <summary>png, jpeg, gif, webp, bmp, wav, flac, mp3, ogg; null when not recognised.</summary>
    public string? Format { get; init; }

    /// <summary>Why the header could not be read (unknown or unsupported format, malformed header); null when it was.</summary>
    public string? HeaderProblem { get; init; }

    /// <summary>Whether the whole content was decoded (images only when a spec asks for it; WAV always).</summary>
    public bool Decoded { get; init; }

    /// <summary>Why the content did not decode (truncated, corrupt); null when it did or was not decoded.</summary>
    public string? DecodeProblem { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public double Seconds { get; init; }

    public int SampleRate { get; init; }

    public int Channels { get; init; }

    /// <summary>The 64-bit difference hash of a decoded image.</summary>
    public ulong? DHash { get; init; }

    /// <summary>Audio: the RMS level of each 20 ms frame in dB below full scale, 0..127 (127: digital silence).</summary>
    public byte[]? FrameLevels { get; init; }

    public bool IsMissing => Missing is not null;

    /// <summary>The same content facts for another field and path (one probe serves every record using the file).</summary>
    public AssetInfo At(string field, string path) => new()
    {
        Field = field, Path = path, Missing = Missing, Sha256 = Sha256, Bytes = Bytes, Kind = Kind, Format = Format,
        HeaderProblem = HeaderProblem, Decoded = Decoded, DecodeProblem = DecodeProblem, Width = Width, Height = Height,
        Seconds = Seconds, SampleRate = SampleRate, Channels = Channels, DHash = DHash, FrameLevels = FrameLevels,
    };

    public static AssetInfo MissingAt(string field, string path, string why) => new() { Field = field, Path = path, Missing = why };

    public void Write(BinaryWriter writer)
    {
        writer.Write(Field);
        writer.Write(Path);
        RecordEncoding.WriteNullableString(writer, Missing);
        RecordEncoding.WriteNullableString(writer, Sha256);
        writer.Write(Bytes);
        RecordEncoding.WriteNullableString(writer, Kind);
        RecordEncoding.WriteNullableString(writer, Format);
        RecordEncoding.WriteNullableString(writer, HeaderProblem);
        writer.Write(Decoded);
        RecordEncoding.WriteNullableString(writer, DecodeProblem);
        writer.Write(Width);
        writer.Write(Height);
        writer.Write(BitConverter.DoubleToInt64Bits(Seconds));
        writer.Write(SampleRate);
        writer.Write(Channels);
        writer.Write(DHash.HasValue);
        writer.Write(DHash ?? 0);
        writer.Write(FrameLevels?.Length ?? -1);
        if (FrameLevels is not null)
        {
            writer.Write(FrameLevels);
        }
    }

    public static AssetInfo Read(BinaryReader reader)
    {
        var field = reader.ReadString();
        var path = reader.ReadString();
        var missing = RecordEncoding.ReadNullableString(reader);
        var sha = RecordEncoding.ReadNullableString(reader);
        var bytes = reader.ReadInt64();
        var kind = RecordEncoding.ReadNullableString(reader);
        var format = RecordEncoding.ReadNullableString(reader);
        var headerProblem = RecordEncoding.ReadNullableString(reader);
        var decoded = reader.ReadBoolean();
        var decodeProblem = RecordEncoding.ReadNullableString(reader);
        var width = reader.ReadInt32();
        var height = reader.ReadInt32();
        var seconds = BitConverter.Int64BitsToDouble(reader.ReadInt64());
        var rate = reader.ReadInt32();
        var channels = reader.ReadInt32();
        var hasHash = reader.ReadBoolean();
        var hash = reader.ReadUInt64();
        var levels = reader.ReadInt32();
        return new AssetInfo
        {
            Field = field, Path = path, Missing = missing, Sha256 = sha, Bytes = bytes, Kind = kind, Format = format,
            HeaderProblem = headerProblem, Decoded = decoded, DecodeProblem = decodeProblem, Width = width, Height = height,
            Seconds = seconds, SampleRate = rate, Channels = channels, DHash = hasHash ? hash : null,
            FrameLevels = levels >= 0 ? reader.ReadBytes(levels) : null,
        };
    }

    /// <summary>
    /// Lineage's <c>assets</c> column: one compact JSON object keyed by field, e.g.
    /// <c>{"image":{"path":"data/img/cat.png","sha256":"…","bytes":5120,"format":"png","width":64,"height":48}}</c>;
    /// audio gives <c>seconds</c>, <c>sample_rate</c>, <c>channels</c>; problems appear as <c>missing</c>/<c>undecodable</c>.
    /// </summary>
    public static string? LineageJson(IReadOnlyList<AssetInfo>? assets)
    {
        if (assets is null || assets.Count == 0)
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            foreach (var asset in assets)
            {
                json.WriteStartObject(asset.Field);
                json.WriteString("path", asset.Path);
                if (asset.Missing is { } missing)
                {
                    json.WriteString("missing", missing);
                    json.WriteEndObject();
                    continue;
                }

                json.WriteString("sha256", asset.Sha256);
                json.WriteNumber("bytes", asset.Bytes);
                if (asset.Format is not null)
                {
                    json.WriteString("format", asset.Format);
                }

                if (asset.Kind == "image" && asset.HeaderProblem is null)
                {
                    json.WriteNumber("width", asset.Width);
                    json.WriteNumber("height", asset.Height);
                }

                if (asset.Kind == "audio" && asset.HeaderProblem is null)
                {
                    json.WriteNumber("seconds", Math.Round(asset.Seconds, 3));
                    json.WriteNumber("sample_rate", asset.SampleRate);
                    json.WriteNumber("channels", asset.Channels);
                }

                if (asset.Problem is { } problem)
                {
                    json.WriteString("undecodable", problem);
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The header or decode problem, if any.</summary>
    public string? Problem => HeaderProblem ?? DecodeProblem;

    /// <summary>"64x48 png" / "2.35 s wav 22050 Hz mono", for reasons.</summary>
    public string Describe() => Kind switch
    {
        "image" => string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height} {Format}"),
        "audio" => string.Create(CultureInfo.InvariantCulture, $"{Seconds:0.00} s {Format}"),
        _ => Format ?? "unknown format",
    };
}
