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
/// label-stage entries), on every core (<see cref="CandidateSketches{T}"/>). With this project's previous build's
/// <see cref="NearIndexMemo"/> (kept in the stage state folder, when given), only the LSH buckets that new or gone
/// records touch are rebuilt and only the pairs with a new record are verified; the result is the same. The memo is
/// read while the passes before this one run (<paramref name="memo"/>, from <see cref="StartReadingMemo"/>) and saved
/// while the passes after it run and the decisions are written.
/// </summary>
public sealed class NearPass(NearDedupSpec spec, ReleasedDataset? released, IReadOnlyList<CacheEntry> inputs, int field, string? memoDirectory = null, Task<NearIndexMemo?>? memo = null) : DedupPass(spec.DisplayName, "dedup")
{
    public const string Reason = "near duplicate";
    public const string ReleasedReason = "near duplicate of a released record";

    private Task? _saving;

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
        var releasedKeys = new BandKeyTable(lsh.Bands);
        if (released is not null)
        {
            var sketcher = new NearDuplicateSketcher(options, lsh);
            foreach (var (id, text) in released.Records(spec.Field))
            {
                releasedIds.Add(id);
                releasedKeys.Add(text is null ? [] : sketcher.BandKeysOf(TextNormalizer.Normalize(text)));
            }
        }

        // Records dropped by the passes before have no keys here: they are in no bucket.
        var offset = releasedIds.Count;
        var stillKept = table.Bands.Only(n => !IsDropped(decisions, n));
        var keys = released is null ? stillKept : BandKeyTable.Concat(releasedKeys, stillKept);

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
        var config = MemoConfig(spec);
        var segments = Segments(table, inputs, released, offset);
        var carried = memoDirectory is null ? null : PhaseTimer.Time("near: load memo", () => (memo ?? StartReadingMemo(spec, memoDirectory)).GetAwaiter().GetResult()?.CarryTo(segments, keys));
        memo = null; // the previous build's index, renumbered into carried: let it go
        var buckets = PhaseTimer.Time(carried is null ? "near: buckets" : "near: buckets (update)", () => carried is null
            ? LshIndex.Build(keys)
            : LshIndex.Update(keys, carried.Buckets, carried.IsNew));
        var candidates = PhaseTimer.Time("near: pairs", () => buckets.Pairs(options.BucketLimit));
        var known = carried?.Known ?? PairSimilarities.Empty;
        var (knownToPrepare, knownToVerify) = (known.Forward(), known.Forward()); // both asked in candidate order
        var (knownUsed, verified) = (new PairSimilarities.Builder(), new PairSimilarities.Builder()); // both in candidate order
        var result = PhaseTimer.Time("near: verify and cluster", () => NearDuplicateClusters.Find(
            keys,
            options,
            shingleSetOf: options.Verify ? i => i < offset ? reader.ShinglesAt(i) : shingleSets.At(i - offset) : null,
            signatureOf: options.Verify ? null : i => i < offset ? reader.SignatureAt(i) : signatures.At(i - offset),
            lengthOf: i => i < offset ? long.MaxValue : table.Lengths[i - offset],
            candidatesFound: found =>
                // The pairs a previous build verified are known; only the others' records are read.
                (options.Verify ? (Action<CandidatePairs, int, Func<int, int, bool>>)shingleSets.Prepare : signatures.Prepare)(
                    found, offset, (earlier, later) => !knownToPrepare.TryGet(earlier, later, out _)),
            knownSimilarity: (earlier, later) =>
            {
                if (!knownToVerify.TryGet(earlier, later, out var similarity))
                {
                    return null;
                }

                knownUsed.Add(earlier, later, similarity);
                return similarity;
            },
            verified: verified.Add,
            candidates: candidates));
        if (memoDirectory is not null)
        {
            // Saved while the later passes run and the decisions are written: only the next build reads it (FinishSaving
            // waits for it before the stage ends).
            var pairs = PairSimilarities.Merge(knownUsed.Build(), verified.Build());
            _saving = Task.Run(() => PhaseTimer.Time("near: save memo (background)", () =>
            {
                try
                {
                    NearIndexMemo.Save(memoDirectory, config, segments, keys, buckets, pairs);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // A memo not saved is a shortcut lost, not a failed build: the one there describes an earlier build, which
                    // the next build carries over as well (any memo of these settings describes its own records correctly).
                }
            }));
        }

        var similarity = PairSimilarities.Of(result.AcceptedPairs);
        var duplicateOf = result.DuplicateOf as int[] ?? [.. result.DuplicateOf];
        var details = new JaccardDetails();
        _clusterOf = new int[table.Count];
        Array.Fill(_clusterOf, -1);
        long droppedAsReleased = 0, droppedAsNear = 0;
        for (var n = 0; n < table.Count; n++)
        {
            if (!keys.Has(n + offset))
            {
                if (!IsDropped(decisions, n))
                {
                    Stats.RecordsIn++;
                    Stats.RecordsOut++; // a text without shingles: in no pair
                }

                continue;
            }

            Stats.RecordsIn++;
            var kept = duplicateOf[n + offset];
            if (kept < 0)
            {
                Stats.RecordsOut++;
                continue;
            }

            var detail = similarity.TryGet(Math.Min(kept, n + offset), Math.Max(kept, n + offset), out var jaccard)
                ? details.Of(jaccard)
                : "same cluster, through other members";
            if (kept < offset)
            {
                droppedAsReleased++;
                decisions[n] = Decision.Drop(Name, ReleasedReason, detail, releasedIds[kept]);
                continue;
            }

            _clusterOf[n] = _clusterOf[kept - offset] = kept - offset;
            decisions[n] = Decision.DropAsDuplicateOf(Name, Reason, detail, kept - offset);
            droppedAsNear++;
        }

        CountDropped(Reason, droppedAsNear);
        CountDropped(ReleasedReason, droppedAsReleased);

        Summary.Bands = lsh.Bands;
        Summary.Rows = lsh.Rows;
        Summary.Threshold = spec.Threshold;
        Summary.Verify = spec.Verify;
        Summary.CandidatePairs = result.CandidatePairs;
        Summary.VerifiedPairs = verified.Count;
        Summary.Clusters = result.Clusters;
        Summary.Duplicates = Stats.Dropped.GetValueOrDefault(Reason);
        Summary.ReleasedRecords = released is null ? null : offset;
        Summary.DroppedAsReleased = released is null ? null : droppedAsReleased;
    }

    /// <summary>Starts reading the memo of this project's previous build, to overlap with the passes before this one.</summary>
    public static Task<NearIndexMemo?> StartReadingMemo(NearDedupSpec spec, string stateDirectory) =>
        Task.Run(() => NearIndexMemo.Load(stateDirectory, MemoConfig(spec)));

    /// <summary>Waits until the memo for the next build is saved (or could not be).</summary>
    public void FinishSaving() => _saving?.GetAwaiter().GetResult();

    /// <summary>The settings a memo is valid for: the near-dup config decides the keys and similarities.</summary>
    private static string MemoConfig(NearDedupSpec spec) => $"{EngineVersion.CacheFormat}|{spec.Canonical}";

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

    /// <summary>The runs of records by origin: the released dataset's (first), then each file's (<see cref="RecordSegment"/>).</summary>
    private static List<RecordSegment> Segments(KeyTable table, IReadOnlyList<CacheEntry> inputs, ReleasedDataset? released, int offset)
    {
        var segments = new List<RecordSegment>();
        if (released is not null)
        {
            segments.Add(new RecordSegment($"released|{string.Join(',', released.Digests)}", 0, offset));
        }

        for (int start = 0, end; start < table.Count; start = end)
        {
            end = start + 1;
            while (end < table.Count && table.Files[end] == table.Files[start])
            {
                end++;
            }

            segments.Add(new RecordSegment(inputs[table.Files[start]].ContentHash, offset + start, end - start));
        }

        return segments;
    }

    /// <summary>
    /// The detail of a near-duplicate drop, <c>jaccard 0.857</c>, formatted once per distinct similarity as far as a
    /// table of 64K slots remembers them: similarities are ratios of set sizes and repeat, and a custom number format
    /// costs a quarter of a microsecond.
    /// </summary>
    private sealed class JaccardDetails
    {
        private readonly (double Similarity, string? Text)[] _slots = new (double, string?)[1 << 16];

        public string Of(double similarity)
        {
            ref var slot = ref _slots[(int)((ulong)BitConverter.DoubleToInt64Bits(similarity) * 0x9E3779B97F4A7C15UL >> 48)];
            if (slot.Text is null || slot.Similarity != similarity)
            {
                slot = (similarity, $"jaccard {similarity.ToString("0.###", CultureInfo.InvariantCulture)}");
            }

            return slot.Text!;
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
