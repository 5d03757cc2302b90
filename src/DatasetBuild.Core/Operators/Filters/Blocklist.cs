using System.Security.Cryptography;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary>A loaded blocklist file: its values and its hash (for the manifest and the cache keys).</summary>
public sealed class Blocklist
{
    private Blocklist(BlocklistFilterSpec spec, HashSet<string> values, string sha256)
    {
        Spec = spec;
        Values = values;
        Sha256 = sha256;
    }

    public BlocklistFilterSpec Spec { get; }

    public IReadOnlySet<string> Values { get; }

    public string Sha256 { get; }

    /// <summary>Reads the file next to the spec; it must stay inside the project unless external paths are allowed.</summary>
    public static Blocklist Load(BlocklistFilterSpec spec, string specDirectory, bool allowExternalPaths)
    {
        var path = ProjectPath.Resolve(specDirectory, spec.File, allowExternalPaths, spec.FileLocation,
            $"blocklist '{spec.File}' resolves outside the project folder; set -p:DatasetAllowExternalPaths=true to allow it");

        try
        {
            var values = File.ReadAllLines(path)
                .Select(l => l.Trim())
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .ToHashSet(StringComparer.Ordinal);
            return new Blocklist(spec, values, FileSha256.Of(path, normalizeLineEndings: true));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw DatasetBuildException.At(DiagnosticCodes.SourceUnreadable, spec.FileLocation, $"cannot read blocklist '{spec.File}': {ex.Message}");
        }
    }
}
