namespace DatasetBuild.Core.Sources;

/// <summary>Reads one source file, streaming, projecting the requested columns.</summary>
public interface ISourceReader
{
    /// <param name="fullPath">The file to read.</param>
    /// <param name="displayPath">The path used in diagnostics (relative to the spec).</param>
    /// <param name="columns">The raw field names to project, in the order of the returned values.</param>
    IEnumerable<RawRow> Read(string fullPath, string displayPath, IReadOnlyList<SourceColumn> columns);
}
