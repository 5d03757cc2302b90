using System.ComponentModel;
using System.Diagnostics;

namespace DatasetBuild.Core.IO;

/// <summary>
/// Deletes files off the build's path. Freeing a replaced gigabyte of outputs takes ext4 a few tenths of a second of
/// journal work, and a process cannot exit while one of its threads is inside that unlink: a background thread still
/// made the build wait for it at the end. Where there is an <c>rm</c> (Linux, macOS) it is started on its own, with its
/// input and output not the build's console, and outlives the build; elsewhere, or when it cannot start, a background
/// thread deletes them. A file left behind (a killed build) is deleted at the next replace of its file.
/// </summary>
internal static class OffPathDelete
{
    public static void Delete(IReadOnlyList<string> files)
    {
        if (files.Count == 0 || (!OperatingSystem.IsWindows() && TryStartRm(files)))
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
