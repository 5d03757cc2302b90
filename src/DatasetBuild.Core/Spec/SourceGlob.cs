using DatasetBuild.Core.Diagnostics;
using Microsoft.Extensions.FileSystemGlobbing;

namespace DatasetBuild.Core.Spec;

/// <summary>
/// A source <c>path:</c> glob relative to the spec folder: <c>*</c>, <c>?</c> and <c>**</c> are supported.
/// Leading literal segments (including <c>..</c>) choose the folder the pattern is matched in.
/// Matches are returned in ordinal order with '/' separators, so file order never depends on the OS.
/// </summary>
public sealed class SourceGlob
{
    private SourceGlob(string baseRelative, string pattern)
    {
        BaseRelative = baseRelative;
        Pattern = pattern;
    }

    /// <summary>The literal folder part, relative to the spec folder ('' for the spec folder itself).</summary>
    public string BaseRelative { get; }

    /// <summary>The wildcard part, matched inside <see cref="BaseRelative"/>.</summary>
    public string Pattern { get; }

    /// <summary>Checks the glob's syntax; returns null with the reason when it is not a glob this tool can match.</summary>
    public static SourceGlob? TryParse(string glob, out string? problem)
    {
        problem = null;
        if (string.IsNullOrWhiteSpace(glob))
        {
            problem = "the glob is empty";
            return null;
        }

        if (Path.IsPathRooted(glob) || glob.Contains(':'))
        {
            problem = "the glob must be relative to the spec's folder";
            return null;
        }

        if (glob.Contains('\\'))
        {
            problem = "use '/' as the folder separator";
            return null;
        }

        if (glob.IndexOfAny(['[', ']', '{', '}']) >= 0)
        {
            problem = "character classes and braces are not supported; use '*', '?' and '**'";
            return null;
        }

        var segments = glob.Split('/');
        if (segments.Any(s => s.Length == 0))
        {
            problem = "the glob has an empty folder segment ('//' or a trailing '/')";
            return null;
        }

        if (segments.Any(s => s.Contains("**") && s != "**"))
        {
            problem = "'**' must be a whole folder segment, as in 'data/**/*.jsonl'";
            return null;
        }

        if (segments[^1] == "**")
        {
            problem = "the glob must end with a file name pattern, as in 'data/**/*.jsonl'";
            return null;
        }

        var literal = segments.TakeWhile(s => s.IndexOfAny(['*', '?']) < 0).ToList();
        if (literal.Count == segments.Length)
        {
            literal.RemoveAt(literal.Count - 1);
        }

        if (segments.Skip(literal.Count).Any(s => s is ".." or "."))
        {
            problem = "'..' and '.' may only appear before the first wildcard";
            return null;
        }

        return new SourceGlob(string.Join('/', literal), string.Join('/', segments.Skip(literal.Count)));
    }

    /// <summary>The matching files as paths relative to <paramref name="specDirectory"/>, '/'-separated, ordinal order.</summary>
    public IReadOnlyList<string> Match(string specDirectory)
    {
        var root = Path.GetFullPath(Path.Combine(specDirectory, BaseRelative));
        if (!Directory.Exists(root))
        {
            return [];
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(Pattern);
        return matcher.GetResultsInFullPath(root)
            .Select(full => Path.GetRelativePath(specDirectory, full).Replace('\\', '/'))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Fails with DSB1008 at the glob's location when the syntax is wrong.</summary>
    public static SourceGlob Parse(string glob, SourceLocation at) =>
        TryParse(glob, out var problem) ?? throw DatasetBuildException.At(DiagnosticCodes.SpecBadGlob, at, $"bad glob '{glob}': {problem}");
}
