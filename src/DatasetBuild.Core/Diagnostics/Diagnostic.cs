namespace DatasetBuild.Core.Diagnostics;

public enum DiagnosticSeverity
{
    Error,
    Warning,
    Message,
}

/// <summary>
/// A located message for the user, in the shape MSBuild's canonical error format needs:
/// <c>file(line,column): error DSB1003: message</c>. Line and column are 1-based; 0 means unknown.
/// </summary>
public sealed record Diagnostic(
    string Code,
    DiagnosticSeverity Severity,
    string? File,
    int Line,
    int Column,
    string Message)
{
    public static Diagnostic Error(string code, SourceLocation at, string message) =>
        new(code, DiagnosticSeverity.Error, at.File, at.Line, at.Column, message);

    public static Diagnostic Warning(string code, SourceLocation at, string message) =>
        new(code, DiagnosticSeverity.Warning, at.File, at.Line, at.Column, message);

    /// <summary>The canonical one-line form, as MSBuild and compilers print it.</summary>
    public override string ToString()
    {
        var where = File is null ? "" :
            Line <= 0 ? File :
            Column <= 0 ? $"{File}({Line})" : $"{File}({Line},{Column})";
        var severity = Severity switch
        {
            DiagnosticSeverity.Error => "error",
            DiagnosticSeverity.Warning => "warning",
            _ => "info",
        };
        return where.Length == 0 ? $"{severity} {Code}: {Message}" : $"{where}: {severity} {Code}: {Message}";
    }
}
