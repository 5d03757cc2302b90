using System.ComponentModel;
using System.Diagnostics;

namespace DatasetBuild.Core.IO;

/// <summary>
/// Deletes files off the build's path. Freeing a replaced gigabyte of outputs takes ext4 a few tenths of a second of
/// journal work, and a process cannot exit while one of its threads is inside that unlink: a background thread still
/// made the build wait for it at the end. Large files, where there is an <c>rm</c> (Linux, macOS), are deleted by one
/// started on its own, with its input and output not the build's console, which outlives the build; small ones (and
/// any, elsewhere or when it cannot start) by a background thread: starting a process costs a few milliseconds of the
/// build's thread. A file left behind (a killed build) is deleted at the next replace of its file.
/// </summary>
internal static class OffPathDelete
{
    /// <summary>From this size a file is deleted by a process of its own.</summary>
    private const long LargeFile = 16L << 20;

    public static void Delete(IReadOnlyList<string> files)
    {
        var large = files.Where(IsLarge).ToList();
        if (large.Count > 0 && !OperatingSystem.IsWindows() && TryStartRm(large))
        {
            files = [.. files.Except(large)];
        }

        if (files.Count == 0)
        {
            return;
        }

        _ = Task.Run(() =>
        {
            foreach (var file in files)
            {
                try
                {
                    File.Delete(file);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Another build deletes it, or the next one does.
                }
            }
        });
    }

    private static bool IsLarge(string file)
    {
        try
        {
            return new FileInfo(file).Length >= LargeFile;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool TryStartRm(IReadOnlyList<string> files)
    {
        var start = new ProcessStartInfo("rm")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-f");
        start.ArgumentList.Add("--");
        foreach (var file in files)
        {
            start.ArgumentList.Add(file);
        }

        try
        {
            using var process = Process.Start(start);
            return process is not null;
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            return false;
        }
    }
}
