using System.Text;

namespace DatasetBuild.Core.Sources;

/// <summary>UTF-8 that fails on invalid bytes instead of silently replacing them.</summary>
internal static class StrictUtf8
{
    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A line reader that skips a BOM and accepts LF and CRLF.</summary>
    public static StreamReader OpenText(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16), Encoding, detectEncodingFromByteOrderMarks: true, 1 << 16);
}
