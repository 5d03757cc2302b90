using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.IO;

/// <summary>A path the spec names (blocklist, feedback file, released dataset), resolved against the spec's folder.</summary>
public static class ProjectPath
{
    /// <summary>
    /// The full path of <paramref name="relative"/>; DSB1015 at <paramref name="at"/> with <paramref name="outsideMessage"/>
    /// when it resolves (symbolic links included) outside the project folder and external paths are not allowed.
    /// </summary>
    public static string Resolve(string specDirectory, string relative, bool allowExternalPaths, SourceLocation at, string outsideMessage)
    {
        var path = Path.GetFullPath(Path.Combine(specDirectory, relative));
        if (!allowExternalPaths && !RealPath.IsInside(path, specDirectory))
        {
            throw DatasetBuildException.At(DiagnosticCodes.SpecExternalPath, at, outsideMessage);
        }

        return path;
    }
}
