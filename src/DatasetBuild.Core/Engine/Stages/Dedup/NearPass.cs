using System.Globalization;
using DatasetBuild.Core.Operators.Dedup.Near;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// <c>dedup.near</c>'s global step: LSH over the cached band keys of every record exact dedup kept (and of a
/// released dataset's records, with <c>against</c>, which come first and always stay), verification, and
/// union-find clusters. Each cluster keeps one record; the others are dropped with <c>duplicate_of</c> the
/// kept record. Only the files holding records of candidate pairs are re-read (<paramref name="inputs"/>, the
/// label-stage entries), on every core (<see cref="CandidateSketches{T}"/>); pairs this project's previous build
/// verified are looked up in its <see cref="NearPairMemo"/> (kept in the stage state folder, when given) instead.
/// </summary>
public sealed class NearPass(NearDedupSpec spec, ReleasedDataset? released, IReadOnlyList<CacheEntry> inputs, int field, string? memoDirectory = null) : DedupPass(spec.DisplayName, "dedup")
{
    public const string Reason = "near duplicate";
    public const string ReleasedReason = "near duplicate of a released record";

    private int[] _clusterOf = [];

    public NearDedupSummary Summary { get; } = new();

    /// <summary>
    /// The kept record of the near-duplicate cluster a record belongs to (itself when it is the kept one), or
    /// -1 when it is in no cluster or its cluster's kept record is a released one. Valid after <see cref="Run"/>.
    /// </summary>
    public int ClusterOf(int n) => n < _clusterOf.Length ? _clusterOf[n] : -1;

    public override void Run(KeyTable table, Decisions decisions)
    {
        var options = NearOptions.From(spec);
        var lsh = options.ResolveLsh();
        var releasedIds = new List<string>();
        var keys = new List<ulong[]>();
        if (released is not null)
        {
            var sketcher = new NearDuplicateSketcher(options, lsh);
            foreach (var (id, text) in released.Records(spec.Field))
            {
                releasedIds.Add(id);
                keys.Add(text is null ? [] : sketcher.BandKeysOf(TextNormalizer.Normalize(text)));
            }
        }

        var offset = releasedIds.Count;
        for (var n = 0; n < table.Count; n++)
        {
            keys.Add(IsDropped(decisions, n) ? [] : table.Bands[n]);
        }

        using var reader = new ForwardTexts(released?.Records(spec.Field).Select(r => r.Text) ?? [], new NearDuplicateSketcher(options, lsh));
        // Each file is sketched on one thread, normalising its candidates' texts into one reused buffer.
        using var shingleSets = new CandidateSketches<ulong[]>(inputs, table.Files, (entry, first, wanted) =>
        {
            var normalized = new char[2048];
            return SketchFile(entry, first, wanted, new NearDuplicateSketcher(options, lsh), (sketcher, text) =>
            {
                var length = TextNormalizer.Normalize(text, ref normalized); // may replace the buffer: read it after
                return sketcher.ShingleSetOf(normalized.AsSpan(0, length));
            }, []);
        });
        using var signatures = new CandidateSketches<uint[]>(inputs, table.Files, (entry, first, wanted) =>
        {
            var normalized = new char[2048];
            return SketchFile(entry, first, wanted, new NearDuplicateSketcher(options, lsh), (sketcher, text) =>
            {
                var length = TextNormalizer.Normalize(text, ref normalized); // may replace the buffer: read it after
                return sketcher.SignatureOf(normalized.AsSpan(0, length)).ToArray();
            }, []);
        });
        var memo = memoDirectory is null ? null : NearPairMemo.Load(memoDirectory, $"{EngineVersion.CacheFormat}|{spec.Canonical}");
        var identities = new RecordIdentities(table, inputs, offset);
        var known = new Dictionary<(int, int), double>();
        var result = PhaseTimer.Time("near: find", () => NearDuplicateClusters.Find(
            keys,
            options,
            shingleSetOf: options.Verify ? i => i < offset ? reader.ShinglesAt(i) : shingleSets.At(i - offset) : null,
            signatureOf: options.Verify ? null : i => i < offset ? reader.SignatureAt(i) : signatures.At(i - offset),
            lengthOf: i => i < offset ? long.MaxValue : table.Lengths[i - offset],
            candidatesFound: candidates =>
            {
                // The pairs a previous build verified are looked up; only the others' records are read.
                foreach (var (earlier, later) in candidates)
                {
                    if (memo is not null && identities.Of(earlier) is { } a && identities.Of(later) is { } b
                        && memo.Known(a.File, a.Position, b.File, b.Position) is { } similarity)
                    {
                        known[(earlier, later)] = similarity;
                        memo.Keep(a.File, a.Position, b.File, b.Position, similarity);
                    }
                }

                (options.Verify ? (Action<CandidatePairs, int, Func<int, int, bool>>)shingleSets.Prepare : signatures.Prepare)(
                    candidates, offset, (earlier, later) => !known.ContainsKey((earlier, later)));
            },
            knownSimilarity: (earlier, later) => known.TryGetValue((earlier, later), out var similarity) ? similarity : null,
            verified: (earlier, later, similarity) =>
            {
                if (memo is not null && identities.Of(earlier) is { } a && identities.Of(later) is { } b)
                {
                    memo.Keep(a.File, a.Position, b.File, b.Position, similarity);
                }
            }));
        memo?.Save();
        var similarity = result.AcceptedPairs.ToDictionary(p => (p.Earlier, p.Later), p => p.Similarity);
        _clusterOf = new int[table.Count];
        Array.Fill(_clusterOf, -1);
        long droppedAsReleased = 0;
        for (var n = 0; n < table.Count; n++)
        {
            if (IsDropped(decisions, n))
            {
                continue;
            }

            Stats.RecordsIn++;
            var kept = result.DuplicateOf[n + offset];
            if (kept < 0)
            {
                Stats.RecordsOut++;
                continue;
            }

            var detail = similarity.TryGetValue((Math.Min(kept, n + offset), Math.Max(kept, n + offset)), out var jaccard)
                ? $"jaccard {jaccard.ToString("0.###", CultureInfo.InvariantCulture)}"
                : "same cluster, through other members";
            if (kept < offset)
            {
                droppedAsReleased++;
                Dropped(decisions, n, Decision.Drop(Name, ReleasedReason, detail, releasedIds[kept]));
                continue;
            }

            _clusterOf[n] = _clusterOf[kept - offset] = kept - offset;
            Dropped(decisions, n, Decision.Drop(Name, Reason, detail, table.Ids[kept - offset]));
        }

        Summary.Bands = lsh.Bands;
        Summary.Rows = lsh.Rows;
        Summary.Threshold = spec.Threshold;
        Summary.Verify = spec.Verify;
        Summary.CandidatePairs = result.CandidatePairs;
        Summary.VerifiedPairs = result.CandidatePairs - known.Count;
        Summary.Clusters = result.Clusters;
        Summary.Duplicates = Stats.Dropped.GetValueOrDefault(Reason);
        Summary.ReleasedRecords = released is null ? null : offset;
        Summary.DroppedAsReleased = released is null ? null : droppedAsReleased;
    }

    /// <summary>One file's sketches of the wanted records (index → sketch), its kept records numbered from <paramref name="first"/>.</summary>
    private Dictionary<int, T> SketchFile<T>(CacheEntry entry, int first, Func<int, bool> wanted, NearDuplicateSketcher sketcher, Func<NearDuplicateSketcher, string, T> sketch, T empty)
    {
        var sketches = new Dictionary<int, T>();
        var index = first;
        TracedFieldScanner.Scan(
            entry,
            field,
            (_, dropped) => !dropped && wanted(index),
            (_, dropped, text) =>
            {
                if (dropped)
                {
                    return;
                }

                if (wanted(index))
                {
                    sketches[index] = text is null ? empty : sketch(sketcher, text);
                }

                index++;
            });

        return sketches;
    }

    /// <summary>A record's identity across builds: its file's label-stage content hash and its position among that file's kept records.</summary>
    private sealed class RecordIdentities
    {
        private readonly KeyTable _table;
        private readonly IReadOnlyList<CacheEntry> _inputs;
        private readonly int _offset;
        private readonly int[] _firstOfFile;

        public RecordIdentities(KeyTable table, IReadOnlyList<CacheEntry> inputs, int offset)
        {
            _table = table;
            _inputs = inputs;
            _offset = offset;
            _firstOfFile = new int[inputs.Count];
            for (var n = table.Count - 1; n >= 0; n--)
            {
                _firstOfFile[table.Files[n]] = n;
            }
        }

        /// <summary>Null for a released record (they come first): their pairs are always verified.</summary>
        public (string File, int Position)? Of(int index)
        {
            var n = index - _offset;
            if (n < 0)
            {
                return null;
            }

            var file = _table.Files[n];
            return (_inputs[file].ContentHash, n - _firstOfFile[file]);
        }
    }

    /// <summary>Serves the texts of released records by ascending index from one forward pass.</summary>
    private sealed class ForwardTexts(IEnumerable<string?> released, NearDuplicateSketcher sketcher) : IDisposable
    {
        private readonly IEnumerator<string?> _texts = released.GetEnumerator();
        private int _at = -1;

        public ulong[] ShinglesAt(int index) => TextAt(index) is { } text ? sketcher.ShingleSetOf(TextNormalizer.Normalize(text)) : [];

        public uint[] SignatureAt(int index) => TextAt(index) is { } text ? sketcher.SignatureOf(TextNormalizer.Normalize(text)).ToArray() : [];

        public void Dispose() => _texts.Dispose();

        private string? TextAt(int index)
        {
            while (_at < index)
            {
                if (!_texts.MoveNext())
                {
                    throw new InvalidOperationException($"record {index} is past the end of the texts");
                }

                _at++;
            }

            if (_at != index)
            {
                throw new InvalidOperationException($"texts are read forward only: {index} after {_at}");
            }

            return _texts.Current;
        }
    }
}

/// <summary>The manifest's <c>near_dedup</c>: the LSH parameters used and what the pass found.</summary>
public sealed class NearDedupSummary
{
    public int Bands { get; set; }

    public int Rows { get; set; }

    public double Threshold { get; set; }

    public bool Verify { get; set; }

    public long CandidatePairs { get; set; }

    /// <summary>Candidate pairs whose texts were compared when these decisions were made; the rest were known from the project's previous build.</summary>
    public long VerifiedPairs { get; set; }

    public long Clusters { get; set; }

    public long Duplicates { get; set; }

    /// <summary>Records of the released dataset compared against (<c>against</c>), else null.</summary>
    public long? ReleasedRecords { get; set; }

    /// <summary>Records dropped as near duplicates of released records, else null.</summary>
    public long? DroppedAsReleased { get; set; }
}
