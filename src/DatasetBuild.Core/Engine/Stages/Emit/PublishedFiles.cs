using DatasetBuild.Core.Output;

namespace DatasetBuild.Core.Engine.Stages.Emit;

/// <summary>
/// The output files the last build published (lineage last), open, with their memo: where this build takes the bytes
/// of the jobs it shares with that one, read from the published file (one read, no cache entry to open and checksum),
/// with their Parquet row groups moved to their new place. Every byte written is hashed, so each file's SHA-256 is
/// that of its bytes. Dispose closes the files.
/// </summary>
internal sealed class PublishedFiles : IDisposable
{
    private readonly Dictionary<string, int> _oldIndexByKey = new(StringComparer.Ordinal);

    public PublishedFiles(IReadOnlyList<PublishedOutput> outputs, IReadOnlyList<string> oldKeys)
    {
        Outputs = outputs;
        for (var j = 0; j < oldKeys.Count; j++)
        {
            _oldIndexByKey.TryAdd(oldKeys[j], j);
        }
    }

    public IReadOnlyList<PublishedOutput> Outputs { get; }

    /// <summary>The job's index in the published files, or null when they do not hold it.</summary>
    public int? OldIndexOf(string jobKey) => _oldIndexByKey.TryGetValue(jobKey, out var index) ? index : null;

    public void Dispose()
    {
        foreach (var output in Outputs)
        {
            output.File.Dispose();
        }
    }
}
