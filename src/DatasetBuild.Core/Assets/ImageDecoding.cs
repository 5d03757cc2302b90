using System.Globalization;
using DatasetBuild.Core.Diagnostics;
using SkiaSharp;

namespace DatasetBuild.Core.Assets;

/// <summary>
/// Images through SkiaSharp (Skia's PNG, JPEG, GIF, WebP and BMP codecs): the header gives size and format
/// without decoding pixels; a full decode catches truncated and corrupt files and feeds the dHash.
/// </summary>
public static class ImageDecoding
{
    /// <summary>Refused before decoding: a small file can declare a size that would need gigabytes (a decompression bomb).</summary>
    public const long MaxPixels = 100_000_000;

    public static AssetInfo Probe(byte[] bytes, AssetInfo basis, string format, bool decode)
    {
        SkiaNativeLibrary.EnsureResolver();
        try
        {
            return ProbeWithSkia(bytes, basis, format, decode);
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or BadImageFormatException)
        {
            throw DatasetBuildException.At(DiagnosticCodes.AssetDecoderUnavailable, SourceLocation.InFile(basis.Path),
                $"the image decoder (SkiaSharp's native libSkiaSharp) cannot be loaded: {(ex.InnerException ?? ex).Message}");
        }
    }

    private static AssetInfo ProbeWithSkia(byte[] bytes, AssetInfo basis, string format, bool decode)
    {
        using var codec = SKCodec.Create(new MemoryStream(bytes, writable: false), out var opened);
        if (codec is null)
        {
            return Result(basis, format, header: $"not a readable {format} header ({Describe(opened)})");
        }

        var width = codec.Info.Width;
        var height = codec.Info.Height;
        if (width <= 0 || height <= 0)
        {
            return Result(basis, format, header: string.Create(CultureInfo.InvariantCulture, $"the header gives an empty size ({width}x{height})"));
        }

        if (!decode)
        {
            return Result(basis, format, width: width, height: height);
        }

        if ((long)width * height > MaxPixels)
        {
            return Result(basis, format, width: width, height: height, decoded: true,
                problem: string.Create(CultureInfo.InvariantCulture, $"{width}x{height} is more than {MaxPixels / 1_000_000} megapixels, not decoded"));
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            return Result(basis, format, width: width, height: height, decoded: true, problem: result == SKCodecResult.IncompleteInput
                ? "truncated: the image data ends early"
                : $"corrupt image data ({Describe(result)})");
        }

        return Result(basis, format, width: width, height: height, decoded: true, hash: DifferenceHash.Of(bitmap.GetPixelSpan(), width, height));
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "the file ends early",
        SKCodecResult.ErrorInInput => "malformed data",
        SKCodecResult.InvalidInput => "invalid data",
        SKCodecResult.Unimplemented => "a variant the decoder does not implement",
        _ => result.ToString(),
    };

    private static AssetInfo Result(AssetInfo basis, string format, string? header = null, int width = 0, int height = 0, bool decoded = false, string? problem = null, ulong? hash = null) => new()
    {
        Field = basis.Field, Path = basis.Path, Sha256 = basis.Sha256, Bytes = basis.Bytes, Kind = "image", Format = format,
        HeaderProblem = header, Width = width, Height = height, Decoded = decoded, DecodeProblem = problem, DHash = hash,
    };
}
