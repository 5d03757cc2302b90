using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace DatasetBuild.Core.IO;

/// <summary>
/// Linux's <c>posix_fadvise</c>: hints to the kernel about how a file's pages will be used. A hint only: where the
/// call does not exist (not Linux) or fails, nothing happens and the build goes on.
/// </summary>
internal static class FileAdvice
{
    /// <summary>The pages will be read soon: start reading them now, without waiting.</summary>
    public const int WillNeed = 3;

    /// <summary>The pages will not be read again: drop them from the page cache (when clean).</summary>
    public const int DontNeed = 4;

    /// <summary>Gives <paramref name="advice"/> for <paramref name="length"/> bytes from <paramref name="offset"/> (0: to the end).</summary>
    public static void Give(SafeFileHandle handle, long offset, long length, int advice)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = posix_fadvise(handle, offset, length, advice); // a hint: whatever it answers, the build goes on
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // No such call here.
        }
    }

    /// <summary>Opens each file at <paramref name="paths"/> that exists, to read, and gives it advice through <paramref name="give"/>.</summary>
    public static void GiveEach(IEnumerable<string> paths, Action<SafeFileHandle> give)
    {
        foreach (var path in paths)
        {
            try
            {
                using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                give(handle);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone or unreadable: nothing to advise (whoever reads it next will say so, or rebuild it).
            }
        }
    }

#pragma warning disable SA1300, CA1401, SYSLIB1054 // the C function's own name; a classic import needs no unsafe code
    [DllImport("libc")]
    private static extern int posix_fadvise(SafeFileHandle fd, long offset, long length, int advice);
#pragma warning restore SA1300, CA1401, SYSLIB1054
}
