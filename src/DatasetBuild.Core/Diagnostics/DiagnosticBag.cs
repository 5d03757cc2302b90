namespace DatasetBuild.Core.Diagnostics;

/// <summary>Collects diagnostics while a step runs; callers decide when errors stop the build.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Any(d => d.Severity == DiagnosticSeverity.Error);

    public void Add(Diagnostic diagnostic) => _items.Add(diagnostic);

    public void Error(string code, SourceLocation at, string message) => Add(Diagnostic.Error(code, at, message));

    public void Warning(string code, SourceLocation at, string message) => Add(Diagnostic.Warning(code, at, message));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);
}
