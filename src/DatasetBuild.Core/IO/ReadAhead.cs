using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DatasetBuild.Core.IO;

/// <summary>
/// Asks the kernel to start reading, all at once, files a stage is about to read one by one
/// (<see cref="FileAdvice.WillNeed"/>). When the page cache has dropped them (a build started minutes after the last
/// one: this VM reclaims page cache left unused for a minute), a stage that reads a thousand cache entries in turn
/// waits for a thousand disk reads in turn; queued together, the disk serves them in parallel. (Large files read from
/// start to end, like the published outputs emit copies from, need no hint: the kernel reads ahead of a sequential
/// reader, 8 MB at a time here; hinting a whole 2 GB output at the start of the build made a cold three-output build
/// slower, its pages read while emit was releasing the ones it had copied.) When a few of the files, sampled,
/// are in the page cache already (a build right after the last), nothing is asked: opening a thousand files to hint
/// at pages that are there costs more than it saves.
/// </summary>
internal static class ReadAhead
{
    /// <summary>Starts reading the whole of each file at <paramref name="paths"/> that exists; returns once the reads are queued.</summary>
    public static void Files(IReadOnlyList<string> paths)
    {
        if (IsWorthIt(paths))
        {
            Each(paths, (handle, _) => FileAdvice.Give(handle, 0, 0, FileAdvice.WillNeed));
        }
    }

    /// <summary>Starts reading the last <paramref name="bytes"/> bytes of each file (where cache entries keep their trailer).</summary>
    public static void Tails(IReadOnlyList<string> paths, int bytes)
    {
        if (IsWorthIt(paths))
        {
            Each(paths, (handle, length) => FileAdvice.Give(handle, Math.Max(0, length - bytes), bytes, FileAdvice.WillNeed));
        }
    }

    /// <summary>Linux, and the last byte of the first, middle or last file is not in the page cache.</summary>
    private static bool IsWorthIt(IReadOnlyList<string> paths) =>
        OperatingSystem.IsLinux() && paths.Count > 0 && new[] { 0, paths.Count / 2, paths.Count - 1 }.Any(i => !IsCached(paths[i]));

    /// <summary>
    /// Whether a file's last byte can be read without waiting for the disk (<c>preadv2</c> with <c>RWF_NOWAIT</c>). When it
    /// cannot, the probe itself starts reading that page.
    /// </summary>
    internal static bool IsCached(string path)
    {
        var buffer = new byte[1];
        var pinned = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = RandomAccess.GetLength(handle);
            var vector = new IoVector(pinned.AddrOfPinnedObject(), 1);
            return length == 0 || preadv2(handle, ref vector, 1, length - 1, NoWait) == 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or EntryPointNotFoundException or DllNotFoundException)
        {
            return true; // missing (the stage will rebuild it) or no way to tell: no hint
        }
        finally
        {
            pinned.Free();
        }
    }

    private static void Each(IReadOnlyList<string> paths, Action<SafeFileHandle, long> advise)
    {
        foreach (var path in paths)
        {
            try
            {
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                advise(handle, RandomAccess.GetLength(handle));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone or unreadable: the stage that reads it will say so, or rebuild it.
            }
        }
    }

    private const int NoWait = 0x8; // RWF_NOWAIT

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct IoVector(nint Base, nuint Length);

#pragma warning disable SA1300, CA1401, SYSLIB1054 // the C function's own name; a classic import needs no unsafe code
    [DllImport("libc")]
    private static extern nint preadv2(SafeFileHandle fd, ref IoVector vector, int count, long offset, int flags);
#pragma warning restore SA1300, CA1401, SYSLIB1054
}
