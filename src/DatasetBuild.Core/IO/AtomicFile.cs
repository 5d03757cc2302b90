namespace DatasetBuild.Core.IO;

/// <summary>
/// Every file the build writes goes through here: written to a temporary file beside the target, flushed,
/// then renamed into place, so a killed build leaves the old file or the new one, never a torn one.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes through a temporary file and a rename. <paramref name="durable"/> also flushes the file to disk
    /// before the rename (a power cut then leaves the old file or the new one); without it a power cut may leave
    /// a torn file, which only checksummed files (cache entries) can afford.
    /// </summary>
    public static void Write(string path, Action<Stream> write, bool durable = true)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, TempName(path));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: durable);
            }

            // A file that need not be durable is exchanged with the one it replaces, and the old bytes, now at the
            // temporary name, are deleted off the build's path: a rename over an existing file makes ext4 start writing
            // the new one out there and then, and an unlink waits while the file system frees a replaced gigabyte of
            // outputs (tens of milliseconds a file, either way). A durable file is flushed already.
            if (durable || !File.Exists(path) || !TryExchange(temp, path, directory))
            {
                File.Move(temp, path, overwrite: true);
            }
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, bool durable = true)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy), durable);
    }

    /// <summary>
    /// Writes only when the content differs, so an unchanged output keeps its timestamp. Returns true when written.
    /// <paramref name="durable"/> as for <see cref="Write"/>.
    /// </summary>
    public static bool WriteIfChanged(string path, byte[] bytes, bool durable = true)
    {
        if (File.Exists(path) && new FileInfo(path).Length == bytes.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            return false;
        }

        WriteAllBytes(path, bytes, durable);
        return true;
    }

    /// <summary>
    /// Moves a finished temporary file over the target unless both have the same bytes (compared by size,
    /// then SHA-256). Returns the SHA-256 of the published file. A writer that hashed the file as it wrote it
    /// passes that hash, so the file is not read again. On Linux an existing target is exchanged with the new file
    /// (<see cref="RenameExchange"/>): as atomic for readers, without the file system's flush and free on the
    /// build's path; the old bytes (or the new ones, when they were the same) are deleted in the background.
    /// </summary>
    /// <param name="tempPath">The finished temporary file.</param>
    /// <param name="path">The file to replace.</param>
    /// <param name="knownSha256">The temporary file's SHA-256, when its writer hashed it.</param>
    /// <param name="publishedSha256">
    /// The SHA-256 the last build published at <paramref name="path"/>, when the file is known to be as it left it: compared
    /// instead of reading the file (a gigabyte of JSON Lines took seconds to hash again). <see cref="NotKnown"/> when it
    /// is not known: the file is replaced without being read. Null: the file is read and hashed.
    /// </param>
    public static string ReplaceIfChanged(string tempPath, string path, string? knownSha256 = null, string? publishedSha256 = null)
    {
        var sha = knownSha256 ?? Sha256(tempPath);
        var exists = File.Exists(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (exists && new FileInfo(path).Length == new FileInfo(tempPath).Length && (publishedSha256 ?? Sha256(path)) == sha)
        {
            // The same bytes: the new copy is freed off the build's path, as an old version would be.
            Discard(tempPath, directory, path);
            return sha;
        }

        Directory.CreateDirectory(directory);
        if (!exists || !TryExchange(tempPath, path, directory))
        {
            File.Move(tempPath, path, overwrite: true);
        }

        return sha;
    }

    /// <summary>
    /// Publishes <paramref name="temp"/> at the existing <paramref name="path"/> by exchanging the two
    /// (<see cref="RenameExchange"/>); the temporary name then holds the old bytes, which are discarded. False when the
    /// platform or file system cannot exchange: nothing was moved.
    /// </summary>
    private static bool TryExchange(string temp, string path, string directory)
    {
        if (!RenameExchange.TrySwap(temp, path))
        {
            return false;
        }

        Discard(temp, directory, path);
        return true;
    }

    /// <summary>Renames <paramref name="file"/>, bytes of <paramref name="path"/> no longer wanted, to an old version, freed off the build's path.</summary>
    private static void Discard(string file, string directory, string path)
    {
        File.Move(file, OldVersionPath(directory, path));
        ReclaimOldVersions(directory, Path.GetFileName(path));
    }

    /// <summary>For <see cref="ReplaceIfChanged"/>: what was published at a path is not known, so the file is replaced unread.</summary>
    public const string NotKnown = "";

    private static string OldVersionPath(string directory, string path) => Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.old");

    /// <summary>Whether a file is a replaced output's old version, left for <see cref="ReclaimOldVersions"/>.</summary>
    public static bool IsOldVersion(string file) => Path.GetFileName(file).StartsWith('.') && file.EndsWith(".old", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="file"/> is named as a temporary file (<see cref="TempPathFor"/>): this build's, another's, or a killed one's.</summary>
    public static bool IsTemp(string file) => Path.GetFileName(file).StartsWith('.') && file.EndsWith(".tmp", StringComparison.Ordinal);

    /// <summary>
    /// Deletes the old versions of file <paramref name="name"/> in <paramref name="directory"/> (<c>.name.*.old</c>) off
    /// the build's path (<see cref="OffPathDelete"/>): freeing a large file takes the file system a while. One left
    /// behind goes at the next replace.
    /// </summary>
    private static void ReclaimOldVersions(string directory, string name) =>
        OffPathDelete.Delete([.. Directory.EnumerateFiles(directory, $".{name}.*.old")]);

    private static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

    /// <summary>A temporary path beside <paramref name="path"/>, for writers that need a file name.</summary>
    public static string TempPathFor(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, TempName(path));
    }

    /// <summary>
    /// A temporary name beside <paramref name="path"/>: <c>.name.&lt;process id&gt;-&lt;guid&gt;.tmp</c>. The process id tells
    /// a build's temporary files from those a killed build left (<see cref="IsAbandonedTemp"/>).
    /// </summary>
    private static string TempName(string path) =>
        $".{Path.GetFileName(path)}.{Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}.tmp";

    /// <summary>
    /// Whether <paramref name="file"/> is a temporary file no running build will finish: one whose process is gone (a
    /// killed build), or one over an hour old (a name without a process id, or a process id taken again since).
    /// </summary>
    public static bool IsAbandonedTemp(string file)
    {
        if (!IsTemp(file))
        {
            return false;
        }

        if (File.GetLastWriteTimeUtc(file) < DateTime.UtcNow.AddHours(-1))
        {
            return true;
        }

        var tag = Path.GetExtension(Path.GetFileNameWithoutExtension(file)).TrimStart('.');
        var dash = tag.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && int.TryParse(tag.AsSpan(0, dash), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
            && pid != Environment.ProcessId && !IsRunning(pid);
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
