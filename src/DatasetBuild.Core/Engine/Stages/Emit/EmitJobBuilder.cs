using System.Text;
using DatasetBuild.Core.Output;
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

    // Pieces' buffers, reused by the jobs built after them (one set per worker at a time): no large arrays per piece.
    private readonly System.Collections.Concurrent.ConcurrentBag<Piece> _pieces = [];

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

    public static string PieceKey(string jobKey, int piece) => new StageKey(PieceKind).Add(jobKey).Add(piece.ToString(System.Globalization.CultureInfo.InvariantCulture)).Finish();

    /// <summary>The job's key and piece count, from the cache when every entry is there, else after building it.</summary>
    public (string Key, int Pieces, bool Hit) GetOrBuild(EmitJob job)
    {
        var key = KeyOf(job);
        if (Pieces(context.Cache, key) is { } pieces)
        {
            return (key, pieces, true);
        }

        return (key, Build(job, key), false);
    }

    /// <summary>Merges the job's stored tallies into <paramref name="tallies"/>.</summary>
    public void MergeInto(EmitTallies tallies, string key)
    {
        var entry = context.Cache.TryGet(Kind, key) ?? throw new CacheCorruptException(context.Cache.PathFor(Kind, key), "it went missing during the build");
        using var payload = entry.OpenPayload();
        using var reader = new BinaryReader(payload, Encoding.UTF8);
        reader.ReadInt32();
        tallies.MergeFrom(reader);
        payload.CopyTo(Stream.Null);
    }

    /// <summary>The piece count when the job entry and all its pieces are in the cache.</summary>
    public static int? Pieces(StageCache cache, string key)
    {
        if (cache.TryGet(Kind, key) is not { } entry)
        {
            return null;
        }

        int pieces;
        using (var payload = entry.OpenPayload())
        {
            pieces = new BinaryReader(payload).ReadInt32();
        }

        for (var piece = 0; piece < pieces; piece++)
        {
            if (cache.TryGet(PieceKind, PieceKey(key, piece)) is null)
            {
                return null;
            }
        }

        return pieces;
    }

    private int Build(EmitJob job, string key)
    {
        var tallies = setup.NewTallies();
        var entries = new FileEntries(context) { State = state };
        var pieces = 0;
        var piece = _pieces.TryTake(out var reused) ? reused : new Piece(setup);
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

    private int Build(EmitJob job, string key, EmitTallies tallies, Piece piece)
    {
        var entries = new FileEntries(context) { State = state };
        var pieces = 0;
        foreach (var i in job.Files)
        {
            var file = state.Files[i];
            foreach (var traced in TracedRecordStream.Read(entries.After(RenderStage.Kind, file)))
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

    private void Add(TracedRecord traced, FileState file, Piece piece, EmitTallies tallies)
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
        tallies.Splits.Add(split, record);
        tallies.Coverage.Add(record);
        tallies.Feedback?.Add(record);
    }

    private void Save(Piece piece, string key, int ordinal)
    {
        context.Cache.Put(PieceKind, PieceKey(key, ordinal), payload => PiecePayload.Write(payload, piece.Finish()));
        piece.Reset();
    }

    /// <summary>One piece being written: a part writer per output file, the lineage rows, the index.</summary>
    private sealed class Piece
    {
        private readonly EmitSetup _setup;
        private readonly PartWriter[] _outputs;
        private readonly RowGroupBuffer _lineage = new(LineageTable.Columns);
        private readonly MemoryStream _lineagePart = new();
        private readonly MemoryStream _index = new();
        private readonly MemoryStream _scratch = new();
        private readonly BinaryWriter _indexWriter;

        public Piece(EmitSetup setup)
        {
            _setup = setup;
            _outputs = [.. setup.Outputs.Select(o => PartWriter.For(o.Output, setup.Columns, o.FineTuningPosition))];
            _indexWriter = new BinaryWriter(_index, Encoding.UTF8, leaveOpen: true);
        }

        public int Records => _lineage.Count;

        public void Lineage(object?[] row) => _lineage.Add(row);

        public void Kept(int split, TracedRecord traced, string source)
        {
            for (var o = 0; o < _outputs.Length; o++)
            {
                if (_setup.Outputs[o].SplitIndex == split)
                {
                    _outputs[o].Write(traced);
                }
            }

            RecordIndex.Write(_indexWriter, source, traced.Record, _scratch);
        }

        /// <summary>The piece's sections (<see cref="PiecePayload"/>), valid until <see cref="Reset"/>.</summary>
        public IReadOnlyList<ReadOnlyMemory<byte>> Finish()
        {
            RecordIndex.End(_indexWriter);
            _indexWriter.Flush();
            return [.. _outputs.Select(o => o.Finish()),
                _lineage.Count == 0 ? ReadOnlyMemory<byte>.Empty : ParquetPart.EncodeInto(LineageTable.Columns, _lineage, _lineagePart),
                _index.GetBuffer().AsMemory(0, (int)_index.Length)];
        }

        public void Reset()
        {
            foreach (var output in _outputs)
            {
                output.Reset();
            }

            _lineage.Clear();
            _index.SetLength(0);
        }
    }
}
