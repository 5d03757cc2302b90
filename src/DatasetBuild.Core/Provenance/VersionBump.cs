namespace DatasetBuild.Core.Provenance;

/// <summary>Croissant's versioning rule: patch = same records, new serialisation; minor = records only added; major = records removed or changed.</summary>
public enum VersionBump
{
    None = 0,
    Patch = 1,
    Minor = 2,
    Major = 3,
}

public static class VersionBumps
{
    public static string Name(this VersionBump bump) => bump.ToString().ToLowerInvariant();

    /// <summary>Which part of MAJOR.MINOR.PATCH changed between two semantic versions (pre-release and build ignored).</summary>
    public static VersionBump Between(string from, string to)
    {
        static int[] Core(string v) =>
            v.Split('-', '+')[0].Split('.').Select(p => int.TryParse(p, out var n) ? n : 0).Concat([0, 0, 0]).Take(3).ToArray();
        var a = Core(from);
        var b = Core(to);
        if (b[0] != a[0])
        {
            return b[0] > a[0] ? VersionBump.Major : VersionBump.None;
        }

        if (b[1] != a[1])
        {
            return b[1] > a[1] ? VersionBump.Minor : VersionBump.None;
        }

        if (b[2] != a[2])
        {
            return b[2] > a[2] ? VersionBump.Patch : VersionBump.None;
        }

        return from == to ? VersionBump.None : VersionBump.Patch;
    }
}
