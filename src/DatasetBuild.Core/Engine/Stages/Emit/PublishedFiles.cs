using DatasetBuild.Core.IO;
using DatasetBuild.Core.Output;

namespace DatasetBuild.Core.Engine.Stages.Emit;

/// <summary>
/// The output files the last build published (lineage last), open, with their memo: where this build can take the bytes
/// of the jobs it shares with that one. Files are ordered by content, so new source files land at random places: the
/// jobs before the first change (<see cref="FirstJobs"/>) are copied by the kernel and the files' hashes resume after
/// them; every other shared job's bytes are read from the published file (one read, no cache entry to open and
/// checksum) and its Parquet row groups moved to their new place. Dispose closes the files.
/// </summary>
internal sealed class PublishedFiles : IDisposable
{
    private readonly Dictionary<string, int> _oldIndexByKey = new(StringComparer.Ordinal);

    public PublishedFiles(IReadOnlyList<PublishedOutput> outputs, IReadOnlyList<string> oldKeys, IReadOnlyList<string> newKeys)
    {
        Outputs = outputs;
        for (var j = 0; j < oldKeys.Count; j++)
        {
            _oldIndexByKey.TryAdd(oldKeys[j], j);
        }

        var first = 0;
        while (first < newKeys.Count && first < oldKeys.Count && newKeys[first] == oldKeys[first])
        {
            first++;
        }

        // Resuming a hash needs the saved states (libcrypto); without them the files are still taken job by job.
        FirstJobs = ResumableSha256.IsAvailable && outputs.All(o => first == 0 || o.Memo.Jobs[first - 1].Sha256State.Length == ResumableSha256.StateSize) ? first : 0;
    }

    public IReadOnlyList<PublishedOutput> Outputs { get; }

    /// <summary>The jobs at the start of the list that are the published files' first jobs too.</summary>
    public int FirstJobs { get; }

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
