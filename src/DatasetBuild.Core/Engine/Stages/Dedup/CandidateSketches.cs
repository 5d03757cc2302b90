using DatasetBuild.Core.Operators.Dedup.Near;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// Serves <see cref="NearPass"/> the shingle sets (or signatures) of the records in candidate pairs, computed on
/// every core: file by file in canonical order, a few files ahead of the record being verified (the thread asking
/// sketches a file itself when no worker has started it, instead of waiting). A file without
/// candidates is not read at all; in the others only the candidates are normalised and sketched. The files whose
/// records were served are let go, so memory is bounded by the files in flight.
/// </summary>
internal sealed class CandidateSketches<T> : IDisposable
    where T : class
{
    private readonly IReadOnlyList<CacheEntry> _inputs;
    private readonly IReadOnlyList<int> _fileOf;
    private readonly int[] _fileStart;
    private readonly Func<CacheEntry, int, Func<int, bool>, Dictionary<int, T>> _sketchFile;
    private readonly Lazy<Dictionary<int, T>>?[] _files;
    private readonly List<Task> _prefetches = [];
    private readonly int _ahead = 2 * Environment.ProcessorCount;
    private bool[] _needed = [];
    private int _started;

    /// <param name="inputs">Each file's records (the label-stage entries), in canonical order.</param>
    /// <param name="fileOf">The file of each record index (the key table's column).</param>
    /// <param name="sketchFile">Reads one file (entry, index of its first kept record, whether an index is wanted) into index → sketch.</param>
    public CandidateSketches(IReadOnlyList<CacheEntry> inputs, IReadOnlyList<int> fileOf, Func<CacheEntry, int, Func<int, bool>, Dictionary<int, T>> sketchFile)
    {
        _inputs = inputs;
        _fileOf = fileOf;
        _sketchFile = sketchFile;
        _files = new Lazy<Dictionary<int, T>>?[inputs.Count];
        _fileStart = new int[inputs.Count + 1];
        Array.Fill(_fileStart, fileOf.Count);
        for (var n = fileOf.Count - 1; n >= 0; n--)
        {
            _fileStart[fileOf[n]] = n;
        }

        for (var f = inputs.Count - 1; f >= 0; f--)
        {
            _fileStart[f] = Math.Min(_fileStart[f], _fileStart[f + 1]);
        }
    }

    /// <summary>
    /// Marks the records of the candidate pairs to verify (indices shifted down by <paramref name="offset"/>; lower
    /// ones are not ours); <paramref name="toVerify"/> leaves out the pairs whose similarity is already known.
    /// </summary>
    public void Prepare(CandidatePairs candidates, int offset, Func<int, int, bool> toVerify)
    {
        _needed = new bool[_fileOf.Count];
        foreach (var (earlier, later) in candidates)
        {
            if (!toVerify(earlier, later))
            {
                continue;
            }

            foreach (var index in (ReadOnlySpan<int>)[earlier - offset, later - offset])
            {
                if (index >= 0)
                {
                    _needed[index] = true;
                }
            }
        }
    }

    /// <summary>The sketch of record <paramref name="index"/>, which must be a candidate; ask in ascending order.</summary>
    public T At(int index)
    {
        var file = _fileOf[index];
        for (; _started < _files.Length && _started <= file + _ahead; _started++)
        {
            var f = _started;
            var sketches = _files[f] = new Lazy<Dictionary<int, T>>(() => NeedsAny(f) ? _sketchFile(_inputs[f], _fileStart[f], i => _needed[i]) : []);
            if (f > file)
            {
                _prefetches.Add(Task.Run(() => sketches.Value));
            }
        }

        for (var done = file - 1; done >= 0 && _files[done] is not null; done--)
        {
            _files[done] = null;
        }

        _prefetches.RemoveAll(t => t.IsCompleted);

        // A file nobody has started is sketched right here rather than waited for.
        return _files[file]!.Value[index];
    }

    /// <summary>Waits for the files still being read, so none outlives the pass.</summary>
    public void Dispose()
    {
        foreach (var task in _prefetches)
        {
            try
            {
                task.Wait();
            }
            catch (AggregateException)
            {
                // Already surfaced through At, or of no interest once the pass is over.
            }
        }
    }

    private bool NeedsAny(int file)
    {
        for (var n = _fileStart[file]; n < _fileStart[file + 1]; n++)
        {
            if (_needed[n])
            {
                return true;
            }
        }

        return false;
    }
}
