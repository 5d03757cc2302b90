using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace DatasetBuild.Tests.Support;

/// <summary>Which pages of a file are in the page cache (Linux's <c>mincore</c> over a mapping, which reads nothing).</summary>
internal static class PageCache
{
    public static bool[] Resident(string path)
    {
        var length = new FileInfo(path).Length;
        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        var pageSize = Environment.SystemPageSize;
        var pages = new byte[(length + pageSize - 1) / pageSize];
        var address = view.SafeMemoryMappedViewHandle.DangerousGetHandle() + (nint)view.PointerOffset;
        if (mincore(address, (nuint)length, pages) != 0)
        {
            throw new IOException($"mincore failed ({Marshal.GetLastPInvokeError()})");
        }

        return [.. pages.Select(p => (p & 1) != 0)];
    }

#pragma warning disable SA1300, CA1401, SYSLIB1054 // the C function's own name; a classic import needs no unsafe code
    [DllImport("libc", SetLastError = true)]
    private static extern int mincore(nint address, nuint length, byte[] vector);
#pragma warning restore SA1300, CA1401, SYSLIB1054
}
