using System.Text;
using DatasetBuild.Core.Output;
using DatasetBuild.Core.Output.Assembly;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Engine.Stages.Emit;

/// <summary>
/// Writes one <see cref="EmitJob"/> into the cache, or finds it there: its files' final records (the render
/// stage's entries) become pieces of at most <see cref="PieceRecords"/> input records, each holding a part of every
/// output file, of lineage.parquet and of the record index (<see cref="PiecePayload"/>), and one job entry holding
/// the piece count and the job's <see cref="EmitTallies"/>. The key is the emit config and each file's source, path
/// and render entry, so a job whose files did not change is reused without reading a record.
/// </summary>
public sealed class EmitJobBuilder(BuildContext context, EmitSetup setup, PipelineState state)
{
    public const string Kind = "emit";
    public const string PieceKind = "emit-part";
    public const int PieceRecords = ParquetTableWriter.RowGroupSize;

    // Rebuilding a render entry that went missing (or the dedup decisions behind it) touches the shared state:
    // one worker at a time.
    private readonly Lock _rebuilding = new();

    // Pieces' buffers, reused by the jobs built after them (one set per worker at a time): no large arrays per piece.
    private readonly System.Collections.Concurrent.ConcurrentBag<EmitPiece> _pieces = [];

    public string KeyOf(EmitJob job)
    {
        var key = new StageKey(Kind).Add(setup.Config);
        foreach (var i in job.Files)
        {
            var file = state.Files[i];
            key.Add(file.Source).Add(file.Path).Add(file.Entries.GetValueOrDefault(RenderStage.Kind));
        }

        return key.Finish();
    }

    /// <summary>Whether the entry of the job of this key is in the cache (its pieces are checked when it is loaded): else it will be built.</summary>
    public bool IsCached(string key) => File.Exists(PathOf(key));

    /// <summary>Where the job's entry (its figures) is cached.</summary>
    public string PathOf(string key) => context.Cache.PathFor(Kind, key);

    public static string PieceKey(string jobKey, int piece) => new StageKey(PieceKind).Add(jobKey).Add(piece.ToString(System.Globalization.CultureInfo.InvariantCulture)).Finish();

    /// <summary>
    /// The job's entries read whole and checked (its tallies, then its pieces), from the cache when they are all
    /// there and sound, else after building the job: the work that can run on any core, so the one thread that
    /// assembles the outputs only copies bytes. Each entry costs one file open. <paramref name="key"/> is the job's
    /// <see cref="KeyOf"/>.
    /// </summary>
    public LoadedJob Load(EmitJob job, string key)
    {
        var loaded = GetOrBuild(job, key, readPieces: true);
        try
        {
            loaded.Prepare(setup.Outputs.Count + 2, index => index == setup.Outputs.Count || setup.Outputs[index].IsParquet);
        }
        catch
        {
            loaded.Dispose();
            throw;
        }

        return loaded;
    }

    /// <summary>
    /// A job whose bytes in every output the build takes from the last build's files (<see cref="PublishedFiles"/>): only
    /// its tallies are read; its pieces, which the record index needs, are checked to be in the cache, not read. A job
    /// missing from the cache is built again (the same key gives the same bytes).
    /// </summary>
    public LoadedJob LoadReused(EmitJob job, string key) => GetOrBuild(job, key, readPieces: false);

    /// <summary>The job's entries from the cache, or, when one is missing or unsound, after building the job again.</summary>
    private LoadedJob GetOrBuild(EmitJob job, string key, bool readPieces)
    {
        var loaded = TryLoad(key, hit: true, readPieces);
        if (loaded is null)
        {
            Build(job, key);
            loaded = TryLoad(key, hit: false, readPieces) ?? throw new CacheCorruptException(context.Cache.PathFor(Kind, key), "it went missing during the build");
        }

        return loaded;
    }

    /// <summary>The job's tallies and, with <paramref name="readPieces"/>, its pieces read (else only found in the cache); null when one is missing.</summary>
    private LoadedJob? TryLoad(string key, bool hit, bool readPieces)
    {
        if (context.Cache.TryRead(Kind, key) is not { } tallies)
        {
            return null;
        }

        var pieces = tallies.Length >= 4 ? System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(tallies.Span) : -1;
        var loaded = new LoadedJob(key, hit) { Tallies = tallies, PieceCount = pieces };
        for (var piece = 0; piece < pieces; piece++)
        {
            if (!Found(PieceKey(key, piece)))
            {
                loaded.Dispose();
                return null;
            }
        }

        if (pieces < 0)
        {
            loaded.Dispose();
            return null;
        }

        return loaded;

        bool Found(string pieceKey)
        {
            if (!readPieces)
            {
                return File.Exists(context.Cache.PathFor(PieceKind, pieceKey));
            }

            if (context.Cache.TryRead(PieceKind, pieceKey) is not { } bytes)
            {
                return false;
            }

            loaded.Pieces.Add(bytes);
            return true;
        }
    }

    /// <summary>Merges a loaded job's stored tallies into <paramref name="tallies"/>.</summary>
    public static void MergeInto(EmitTallies tallies, LoadedJob job)
    {
        var payload = job.Tallies ?? throw new InvalidOperationException("the job was not loaded");
        using var reader = new BinaryReader(new MemoryStream(payload.Memory.ToArray(), writable: false), Encoding.UTF8);
        reader.ReadInt32();
        tallies.MergeFrom(reader);
    }

    private int Build(EmitJob job, string key)
    {
        var tallies = setup.NewTallies();
        var pieces = 0;
        var piece = _pieces.TryTake(out var reused) ? reused : new EmitPiece(setup);
        try
        {
            pieces = Build(job, key, tallies, piece);
        }
        finally
        {
            piece.Reset();
            _pieces.Add(piece);
        }

        context.Cache.Put(Kind, key, payload =>
        {
            using var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
            writer.Write(pieces);
            tallies.WriteTo(writer);
        });
        return pieces;
    }

    private int Build(EmitJob job, string key, EmitTallies tallies, EmitPiece piece)
    {
        var entries = new FileEntries(context) { State = state };
        var pieces = 0;
        foreach (var i in job.Files)
        {
            var file = state.Files[i];
            CacheEntry input;
            lock (_rebuilding)
            {
                input = entries.After(RenderStage.Kind, file);
            }

            foreach (var traced in TracedRecordStream.Read(input))
            {
                Add(traced, file, piece, tallies);
                if (piece.Records >= PieceRecords)
                {
                    Save(piece, key, pieces++);
                }
            }

            tallies.Digests.EndFile();
        }

        if (piece.Records > 0 || pieces == 0)
        {
            Save(piece, key, pieces++);
        }

        return pieces;
    }

    private void Add(TracedRecord traced, FileState file, EmitPiece piece, EmitTallies tallies)
    {
        var record = traced.Record;
        var label = setup.LabelIndex >= 0 ? record[setup.LabelIndex] as string : null;
        var splitIndex = traced.Dropped ? -1 : setup.Assigner.AssignIndex(file.Source, record);
        var split = splitIndex < 0 ? null : setup.Assigner.Names[splitIndex];
        piece.Lineage(LineageTable.Row(traced, file.Source, file.Path, label, split));
        tallies.Records.AddInput();
        tallies.Assets.Add(record);
        tallies.Lengths.Add(traced);
        if (split is null)
        {
            return;
        }

        piece.Kept(splitIndex, traced, file.Source);
        tallies.Records.AddKept(label);
        tallies.Tokens?.Add(split, traced.Tokens);
        tallies.Digests.Add(splitIndex, record);
        tallies.Splits.Add(splitIndex, record);
        tallies.Coverage.Add(record);
        tallies.Feedback?.Add(record);
    }

    private void Save(EmitPiece piece, string key, int ordinal)
    {
        context.Cache.Put(PieceKind, PieceKey(key, ordinal), payload => PiecePayload.Write(payload, piece.Finish()));
        piece.Reset();
    }
}

/// <summary>A job's entries read into memory: its tallies and its pieces, in order. Dispose returns their buffers.</summary>
public sealed class LoadedJob(string key, bool hit) : IDisposable
{
    public string Key { get; } = key;

    /// <summary>Whether the job was reused from the cache.</summary>
    public bool Hit { get; } = hit;

    public PooledPayload? Tallies { get; set; }

    /// <summary>The job's pieces in the cache (<see cref="Pieces"/> holds them when they were read).</summary>
    public int PieceCount { get; init; }

    /// <summary>The job's index in the published output files its bytes are taken from (<see cref="PublishedFiles"/>), else null.</summary>
    public int? PublishedIndex { get; set; }

    public List<PooledPayload> Pieces { get; } = [];

    /// <summary>
    /// The sections to append, in order (every output's, then lineage's; not the record index), each with its
    /// Parquet footer already read (<see cref="Prepare"/>): null for line formats.
    /// </summary>
    internal List<(PieceSection Section, ParsedPart? Parquet)> Sections { get; } = [];

    /// <summary>Splits the pieces into their sections and reads the Parquet ones' footers, off the assembling thread.</summary>
    internal void Prepare(int sections, Func<int, bool> isParquet)
    {
        foreach (var piece in Pieces)
        {
            foreach (var section in PiecePayload.Sections(piece, sections))
            {
                if (!section.IsLast)
                {
                    Sections.Add((section, isParquet(section.Index) && !section.Bytes.IsEmpty ? ParquetAssembler.Parse(section.Bytes.Span) : null));
                }
            }
        }
    }

    public void Dispose()
    {
        Tallies?.Dispose();
        foreach (var piece in Pieces)
        {
            piece.Dispose();
        }
    }
}
