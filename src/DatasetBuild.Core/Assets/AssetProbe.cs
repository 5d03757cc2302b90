using System.Security.Cryptography;

namespace DatasetBuild.Core.Assets;

/// <summary>
/// Reads one asset file and tells what it is: sha256, size, format (from its bytes), and the decoded
/// properties. Images are fully decoded only when <c>decode</c> is asked for (the header gives their size);
/// WAV is always read whole (its loudness is needed by the transcript filter). FLAC, MP3 and Ogg are
/// recognised and reported as not supported.
/// </summary>
public static class AssetProbe
{
    /// <summary>Enters the probe's cache key: bump when what a probe records changes.</summary>
    public const string Version = "asset-probe-1";

    public static AssetInfo Probe(byte[] bytes, bool decode)
    {
        var basis = new AssetInfo { Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), Bytes = bytes.Length };
        var (kind, format) = AssetFormat.Sniff(bytes.AsSpan(0, Math.Min(bytes.Length, 64)));
        return (kind, format) switch
        {
            (null, _) => new AssetInfo
            {
                Sha256 = basis.Sha256, Bytes = basis.Bytes,
                HeaderProblem = bytes.Length == 0 ? "the file is empty" : "not a known image or audio format (PNG, JPEG, GIF, WebP, BMP, WAV)",
            },
            ("audio", "wav") => WavAudio.Probe(bytes, basis),
            ("audio", _) => new AssetInfo
            {
                Sha256 = basis.Sha256, Bytes = basis.Bytes, Kind = "audio", Format = format,
                HeaderProblem = $"{format} audio is not supported: no well-kept managed {format} decoder is in use; convert it to WAV (PCM)",
            },
            _ => ImageDecoding.Probe(bytes, basis, format!, decode),
        };
    }
}
