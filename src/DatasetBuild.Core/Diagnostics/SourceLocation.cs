namespace DatasetBuild.Core.Diagnostics;

/// <summary>A place in a file: 1-based line and column; 0 when not known.</summary>
public readonly record struct SourceLocation(string? File, int Line, int Column)
{
    public static SourceLocation InFile(string file) => new(file, 0, 0);

    public static SourceLocation AtLine(string file, long line) => new(file, (int)Math.Min(line, int.MaxValue), 0);
}
