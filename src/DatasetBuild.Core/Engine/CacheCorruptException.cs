namespace DatasetBuild.Core.Engine;

/// <summary>A cache entry's payload does not match its hash. The pipeline discards it and runs the stage again.</summary>
public sealed class CacheCorruptException(string entryPath, string reason) : Exception($"{entryPath}: {reason}")
{
    public string EntryPath { get; } = entryPath;

    public string Reason { get; } = reason;
}
