namespace DatasetBuild.Core.IO;

/// <summary>The canonical path of a file or folder with every symbolic link on the way resolved.</summary>
public static class RealPath
{
    public static string Of(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            for (var hops = 0; hops < 40; hops++)
            {
                FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
                if (info.LinkTarget is not { } target)
                {
                    break;
                }

                current = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, target));
            }
        }

        return current;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="folder"/> or inside it, after resolving links.</summary>
    public static bool IsInside(string path, string folder)
    {
        var real = Of(path);
        var realFolder = Of(folder).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return (real + Path.DirectorySeparatorChar).StartsWith(realFolder, StringComparison.Ordinal);
    }
}
