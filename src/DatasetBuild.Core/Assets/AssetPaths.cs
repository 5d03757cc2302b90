using DatasetBuild.Core.IO;

namespace DatasetBuild.Core.Assets;

/// <summary>
/// Resolves an asset field's value: a path relative to the folder of the source file that holds the record
/// ('\' is read as '/'). A path that resolves outside the project (through '..', an absolute path or a
/// symbolic link) is refused unless external paths are allowed; URLs are not fetched.
/// </summary>
public sealed class AssetPaths(string specDirectory, bool allowExternalPaths)
{
    public readonly record struct Resolved(string? FullPath, string RelativePath, string? Refused);

    public Resolved Resolve(string sourceFileRelative, string value)
    {
        var raw = value.Trim().Replace('\\', '/');
        if (raw.Contains("://", StringComparison.Ordinal))
        {
            return new Resolved(null, raw, null);
        }

        var folder = Path.GetDirectoryName(Path.Combine(specDirectory, sourceFileRelative))!;
        var full = Path.GetFullPath(Path.Combine(folder, raw));
        var relative = Path.GetRelativePath(specDirectory, full).Replace('\\', '/');
        if (!allowExternalPaths && !RealPath.IsInside(full, specDirectory))
        {
            return new Resolved(null, raw, "resolves outside the project folder; set -p:DatasetAllowExternalPaths=true to allow it");
        }

        return new Resolved(full, relative, null);
    }
}
