namespace DatasetBuild.Core.Assets;

/// <summary>Tells an asset's format from its first bytes (never from its name), so a mislabelled file is judged by what it is.</summary>
public static class AssetFormat
{
    /// <summary>(kind, format), or (null, null) when the bytes match no format this tool knows.</summary>
    public static (string? Kind, string? Format) Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ("image", "png");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ("image", "jpeg");
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return ("image", "gif");
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return ("image", "webp");
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WAVE"u8))
        {
            return ("audio", "wav");
        }

        if (head.StartsWith("BM"u8) && head.Length >= 26)
        {
            return ("image", "bmp");
        }

        if (head.StartsWith("fLaC"u8))
        {
            return ("audio", "flac");
        }

        if (head.StartsWith("OggS"u8))
        {
            return ("audio", "ogg");
        }

        if (head.StartsWith("ID3"u8) || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0))
        {
            return ("audio", "mp3");
        }

        return (null, null);
    }
}
