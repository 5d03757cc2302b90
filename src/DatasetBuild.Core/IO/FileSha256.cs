using System.Security.Cryptography;

namespace DatasetBuild.Core.IO;

/// <summary>
/// SHA-256 of a file. For text files (the spec, jsonl, csv, text sources) CRLF is hashed as LF, so a
/// Windows checkout and a Linux checkout of the same commit have the same hashes, cache keys and lock.
/// </summary>
public static class FileSha256
{
    public static string Of(string path, bool normalizeLineEndings)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        if (!normalizeLineEndings)
        {
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        var output = new byte[1 << 16];
        var pendingCr = false;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (!pendingCr && !buffer.AsSpan(0, read).Contains((byte)'\r'))
            {
                hash.AppendData(buffer, 0, read); // the common case: LF endings, nothing to rewrite
                continue;
            }

            var length = 0;
            for (var i = 0; i < read; i++)
            {
                var b = buffer[i];
                if (pendingCr && b != (byte)'\n')
                {
                    output[length++] = (byte)'\r';
                }

                pendingCr = b == (byte)'\r';
                if (!pendingCr)
                {
                    output[length++] = b;
                }
            }

            hash.AppendData(output, 0, length);
        }

        if (pendingCr)
        {
            hash.AppendData("\r"u8);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Source files are hashed line-ending-independently unless they are binary (Parquet).</summary>
    public static string OfSource(string path, string format) => Of(path, normalizeLineEndings: format != "parquet");
}
