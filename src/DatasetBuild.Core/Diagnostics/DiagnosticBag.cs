namespace DatasetBuild.Core.Diagnostics;

/// <summary>
/// Collects diagnostics while a step runs; callers decide when errors stop the build. Safe to add to from
/// the parallel per-file work; <see cref="Items"/> is a snapshot.
/// </summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<Diagnostic> Items
    {
        get
        {
            lock (_lock)
            {
                return [.. _items];
            }
        }
    }

    public bool HasErrors
    {
        get
        {
            lock (_lock)
            {
                return _items.Any(d => d.Severity == DiagnosticSeverity.Error);
            }
        }
    }

    public void Add(Diagnostic diagnostic)
    {
        lock (_lock)
        {
            _items.Add(diagnostic);
        }
    }

    public void Error(string code, SourceLocation at, string message) => Add(Diagnostic.Error(code, at, message));

    public void Warning(string code, SourceLocation at, string message) => Add(Diagnostic.Warning(code, at, message));

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            Add(diagnostic);
        }
    }
}
