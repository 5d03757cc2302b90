using System.IO.Hashing;
using System.Text;

namespace DatasetBuild.Bench;

/// <summary>
/// Where a benchmark puts its generated project: under the temporary folder, named by the mode and by a hash of
/// the checkout the bench runs from, so benches run from two worktrees on one machine never share (or delete)
/// each other's projects.
/// </summary>
public static class BenchFolder
{
    public static string For(string name, string repoRoot)
    {
        var checkout = Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(Path.GetFullPath(repoRoot))))[..8];
        return Path.Combine(Path.GetTempPath(), $"dsb-bench-{name}-{checkout}");
    }
}
