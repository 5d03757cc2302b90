namespace DatasetBuild.Core.Diagnostics;

/// <summary>
/// Stops a stage with a located diagnostic. The tasks and the CLI catch it and print the diagnostic,
/// never a stack trace.
/// </summary>
public sealed class DatasetBuildException(Diagnostic diagnostic) : Exception(diagnostic.ToString())
{
    public Diagnostic Diagnostic { get; } = diagnostic;

    public static DatasetBuildException At(string code, SourceLocation at, string message) =>
        new(Diagnostic.Error(code, at, message));
}
