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
    /// <summary>
    /// Starts reading the whole of each file at <paramref name="paths"/> that exists; returns once the reads are queued,
    /// with whether any was (not when the sampled files are cached).
    /// </summary>
    public static bool Files(IReadOnlyList<string> paths)
    {
        if (!IsWorthIt(paths))
        {
            return false;
        }

        FileAdvice.GiveEach(paths, handle => FileAdvice.Give(handle, 0, 0, FileAdvice.WillNeed));
        return true;
    }

    /// <summary>Starts reading the last <paramref name="bytes"/> bytes of each file (where cache entries keep their trailer); as <see cref="Files"/>.</summary>
    public static bool Tails(IReadOnlyList<string> paths, int bytes)
    {
        if (!IsWorthIt(paths))
        {
            return false;
        }

        FileAdvice.GiveEach(paths, handle => FileAdvice.Give(handle, Math.Max(0, RandomAccess.GetLength(handle) - bytes), bytes, FileAdvice.WillNeed));
        return true;
    }

    /// <summary>Linux, and the last byte of the first, middle or last file is known not to be in the page cache.</summary>
    private static bool IsWorthIt(IReadOnlyList<string> paths) =>
        OperatingSystem.IsLinux() && paths.Count > 0 && new[] { 0, paths.Count / 2, paths.Count - 1 }.Any(i => IsCached(paths[i]) == false);

    /// <summary>
    /// Whether a file's last byte can be read without waiting for the disk (<c>preadv2</c> with <c>RWF_NOWAIT</c>): null
    /// when that cannot be told (no such file, not Linux, or a file system without <c>RWF_NOWAIT</c>). When the byte is
    /// not cached, the probe itself starts reading its page.
    /// </summary>
    internal static bool? IsCached(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var buffer = new byte[1];
        var pinned = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = RandomAccess.GetLength(handle);
            var vector = new IoVector(pinned.AddrOfPinnedObject(), 1);
            if (length == 0 || preadv2(handle, ref vector, 1, length - 1, NoWait) == 1)
            {
                return true;
            }

            return Marshal.GetLastPInvokeError() == WouldBlock ? false : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or EntryPointNotFoundException or DllNotFoundException)
        {
            return null; // missing (the stage will rebuild it) or no way to tell: no hint
        }
        finally
        {
            pinned.Free();
        }
    }

    private const int NoWait = 0x8; // RWF_NOWAIT

    private const int WouldBlock = 11; // EAGAIN

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct IoVector(nint Base, nuint Length);

#pragma warning disable SA1300, CA1401, SYSLIB1054 // the C function's own name; a classic import needs no unsafe code
    [DllImport("libc", SetLastError = true)]
    private static extern nint preadv2(SafeFileHandle fd, ref IoVector vector, int count, long offset, int flags);
#pragma warning restore SA1300, CA1401, SYSLIB1054
}
