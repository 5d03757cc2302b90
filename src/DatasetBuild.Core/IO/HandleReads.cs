using Microsoft.Win32.SafeHandles;

namespace DatasetBuild.Core.IO;

/// <summary>Positioned reads through a file handle, for readers that take a file whole in one open.</summary>
public static class HandleReads
{
    /// <summary>Reads from <paramref name="offset"/> until <paramref name="into"/> is full or the file ends; returns the bytes read.</summary>
    public static int ReadFully(SafeFileHandle handle, Span<byte> into, long offset)
    {
        var read = 0;
        while (read < into.Length)
        {
            var got = RandomAccess.Read(handle, into[read..], offset + read);
            if (got == 0)
            {
                break;
            }

            read += got;
        }

        return read;
    }
}
