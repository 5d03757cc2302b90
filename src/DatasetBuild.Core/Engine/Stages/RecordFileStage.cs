using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Operators;
using DatasetBuild.Core.Operators.Filters;
using DatasetBuild.Core.Operators.Labels;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Sources;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// A per-file stage that runs record operators in order (the filters, or the label step) over one
/// file's records, cached by (engine, operator config, schema, the upstream entry's content hash).
/// The first of them also applies the id check's renames and drops.
/// </summary>
public sealed class RecordFileStage
{
    public const string FilterKind = "filter";
    public const string LabelKind = "label";

    private readonly BuildContext _context;
    private readonly string _kind;

    private readonly Dictionary<BlocklistFilterSpec, Blocklist> _blocklists;

    public RecordFileStage(BuildContext context, string kind)
    {
        _context = context;
        _kind = kind;
        _blocklists = kind == FilterKind
            ? context.Spec.Filters.OfType<BlocklistFilterSpec>().ToDictionary(b => b, b => Blocklist.Load(b, context.Spec.SpecDirectory, context.AllowExternalPaths))
            : [];
    }

    public string Kind => _kind;

    /// <summary>The operator names this stage reports, in order (also when nothing ran because of a cache hit).</summary>
    public IReadOnlyList<(string Name, string Kind)> OperatorNames =>
        CreateOperators().Select(o => (o.Name, o.Kind)).ToList();

    /// <summary>
    /// The filters' config. A blocklist on ids enters each file's key only through the listed ids present in
    /// that file (see <see cref="BlockedIdsIn"/>), so a takedown re-filters only the files it touches; a
    /// blocklist on another field enters with its whole hash.
    /// </summary>
    private string Config => _kind == FilterKind
        ? string.Join("\n", _context.Spec.Filters.Where(f => f is not TokensFilterSpec).Select(f => f.Canonical))
            + string.Concat(_blocklists.Where(b => b.Key.Field != RecordSchema.IdField).Select(b => "|" + b.Value.Sha256))
        : _context.Spec.Labels?.Canonical ?? "";

    private string BlockedIdsIn(FileState file)
    {
        var idLists = _blocklists.Where(b => b.Key.Field == RecordSchema.IdField).Select(b => b.Value).ToList();
        if (idLists.Count == 0 || !file.Entries.TryGetValue(IngestFileStage.Kind, out var ingestKey)
            || _context.Cache.TryGet(IngestFileStage.IdsKind, ingestKey) is not { } ids)
        {
            return idLists.Count == 0 ? "" : string.Join("|", idLists.Select(l => l.Sha256));
        }

        var present = IngestFileStage.ReadIds(ids).Select(x => x.Id).Concat(file.Renames?.Values ?? Enumerable.Empty<string>())
            .Where(id => idLists.Any(l => l.Values.Contains(id)))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return "blocked:" + string.Join(",", present);
    }

    private List<RecordOperator> CreateOperators()
    {
        var schema = _context.Spec.Schema;
        if (_kind == LabelKind)
        {
            return _context.Spec.Labels is { } labels ? [new LabelNormalizer(labels, schema)] : [];
        }

        // The tokens filter needs the rendered example: the render stage applies it.
        return _context.Spec.Filters.Where(f => f is not TokensFilterSpec).Select<OperatorSpec, RecordOperator>(f => f switch
        {
            LengthFilterSpec length => new LengthFilter(length, schema),
            PiiFilterSpec pii => new PiiFilter(pii, schema),
            RegexFilterSpec regex => new RegexFilter(regex, schema),
            QualityFilterSpec quality => new QualityFilter(quality, schema),
            RelevanceFilterSpec relevance => new RelevanceFilter(relevance, schema),
            CaptionFilterSpec caption => new CaptionFilter(caption, schema),
            AssetsFilterSpec assets => new AssetsFilter(assets),
            TranscriptFilterSpec transcript => new TranscriptFilter(transcript, schema),
            BlocklistFilterSpec blocklist => new BlocklistFilter(_blocklists[blocklist], schema),
            WhereFilterSpec where => new WhereFilter(where, schema),
            RequiredFilterSpec required => new RequiredFilter(required, schema),
            _ => throw new InvalidOperationException($"no operator for {f.Kind}"),
        }).ToList();
    }

    /// <summary>What decides this file's result besides its input's content: the <see cref="StageMemo"/> key, with the input entry's key.</summary>
    public string MemoKey(FileState file, string? upstreamKey) =>
        new StageKey(_kind + "-memo").Add(Config).Add(_context.Spec.Schema.Canonical).Add(upstreamKey).Add(IdFixes(file)).Finish();

    private string IdFixes(FileState file) => _kind == FilterKind ? IdFixesCanonical(file) + BlockedIdsIn(file) : "";

    public FileStageOutcome GetOrBuild(FileState file, CacheEntry upstream)
    {
        var idFixes = IdFixes(file);
        var key = new StageKey(_kind).Add(Config).Add(_context.Spec.Schema.Canonical).Add(upstream.ContentHash).Add(idFixes).Finish();
        if (_context.Cache.TryGet(_kind, key) is { } hit && TracedRecordStream.BasesExist(hit)
            && StatsSidecar.TryGet(_context.Cache, _kind, key) is { } hitStats)
        {
            return new FileStageOutcome(hit, hitStats);
        }

        var operators = CreateOperators();
        var operatorContext = new OperatorContext(file.Source, _context.DisplayPath(file.Path));
        var upstreamKind = FileEntries.Order[Array.IndexOf(FileEntries.Order, _kind) - 1];
        var changesNothing = operators.Count == 0 && (_kind != FilterKind || (file.Renames is not { Count: > 0 } && file.IdDrops is not { Count: > 0 }));
        var entry = _context.Cache.Put(_kind, key, payload =>
        {
            if (changesNothing)
            {
                TracedRecordStream.WriteUnchanged(payload, upstreamKind, upstream);
            }
            else
            {
                TracedRecordStream.WriteDerived(payload, upstreamKind, upstream, Apply(TracedRecordStream.Read(upstream), file, operators, operatorContext));
            }
        });
        var stats = operators.Select(o => (o.Name, o.Stats)).ToList();
        if (_kind == FilterKind && file.IdDrops is { Count: > 0 })
        {
            var idCheck = new OperatorStats { RecordsIn = file.IdDrops.Count };
            idCheck.Dropped["duplicate record id"] = file.IdDrops.Count;
            stats.Insert(0, ("id-check", idCheck));
        }

        StatsSidecar.Put(_context.Cache, _kind, key, stats);
        return new FileStageOutcome(entry, stats);
    }

    private IEnumerable<(TracedRecord Record, bool Changed)> Apply(IEnumerable<TracedRecord> records, FileState file, List<RecordOperator> operators, OperatorContext operatorContext)
    {
        foreach (var traced in records)
        {
            var before = new TracedRecordSnapshot(traced);
            if (!traced.Dropped && _kind == FilterKind)
            {
                if (file.Renames?.TryGetValue(traced.Record.Row, out var newId) == true)
                {
                    traced.Record.Id = newId;
                }

                if (file.IdDrops?.TryGetValue(traced.Record.Row, out var idProblem) == true)
                {
                    traced.Drop("id-check", "duplicate record id", idProblem);
                }
            }

            if (!traced.Dropped)
            {
                foreach (var op in operators)
                {
                    var result = op.Process(traced.Record, operatorContext);
                    if (op.LastNote is { } note)
                    {
                        if (op is PiiFilter)
                        {
                            traced.Pii = traced.Pii is null ? note : traced.Pii + "," + note;
                        }
                        else
                        {
                            traced.Notes = traced.Notes is null ? note : traced.Notes + "; " + note;
                        }
                    }

                    if (!result.Keep)
                    {
                        traced.Drop(op.Name, result.Reason!, result.Detail);
                        break;
                    }
                }
            }

            yield return (traced, !before.Matches(traced));
        }
    }

    private static string IdFixesCanonical(FileState file) =>
        string.Join(",", (file.Renames ?? []).Select(r => $"{r.Key}={r.Value}")) + "|" +
        string.Join(",", (file.IdDrops ?? []).Select(r => $"{r.Key}={r.Value}"));
}
