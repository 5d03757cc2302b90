using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Output;

/// <summary>
/// Writes the kept records of one piece of the dataset, for one output file, into memory: a Parquet part for
/// <c>parquet</c>, JSON lines for <c>jsonl</c> and the fine-tuning formats. <see cref="OutputFileAssembler"/> joins
/// the parts of every piece, in order, into the output file. Reusable: <see cref="Reset"/> keeps the buffers,
/// so a worker writing piece after piece does not allocate a large array per piece.
/// </summary>
public abstract class PartWriter
{
    public long Rows { get; private set; }

    /// <summary>The writer for <paramref name="output"/>; <paramref name="fineTuningPosition"/> is a fine-tuning output's position among them (which rendered line of a record it writes).</summary>
    public static PartWriter For(OutputSpec output, IReadOnlyList<TableColumn> columns, int fineTuningPosition) => output.Format switch
    {
        "parquet" => new ParquetPartWriter(columns, output.Compression),
        "jsonl" => new JsonlPartWriter(columns),
        _ => new RenderedPartWriter(fineTuningPosition),
    };

    public void Write(TracedRecord traced)
    {
        Rows++;
        WriteRecord(traced);
    }

    /// <summary>The part's bytes (empty when no record was written), valid until <see cref="Reset"/>.</summary>
    public abstract ReadOnlyMemory<byte> Finish();

    /// <summary>Starts the next part.</summary>
    public virtual void Reset() => Rows = 0;

    protected abstract void WriteRecord(TracedRecord traced);

    /// <summary>A record as an output row: the id, then the schema's fields.</summary>
    public static object?[] Row(Record record)
    {
        var row = new object?[record.Values.Length + 1];
        row[0] = record.Id;
        Array.Copy(record.Values, 0, row, 1, record.Values.Length);
        return row;
    }

    private sealed class ParquetPartWriter(IReadOnlyList<TableColumn> columns, string compression) : PartWriter
    {
        private readonly RowGroupBuffer _rows = new(columns);
        private readonly MemoryStream _part = new();

        public override ReadOnlyMemory<byte> Finish() => Rows == 0 ? ReadOnlyMemory<byte>.Empty : ParquetPart.EncodeInto(columns, _rows, _part, compression);

        public override void Reset()
        {
            base.Reset();
            _rows.Clear();
        }

        protected override void WriteRecord(TracedRecord traced) => _rows.Add(Row(traced.Record));
    }

    /// <summary>Line formats: their writer owns a fresh stream per part (they are small next to Parquet's buffers).</summary>
    private abstract class LinesPartWriter : PartWriter
    {
        private MemoryStream _bytes = new();
        private IDisposable? _writer;

        public override ReadOnlyMemory<byte> Finish()
        {
            _writer?.Dispose();
            _writer = null;
            return _bytes.ToArray();
        }

        public override void Reset()
        {
            base.Reset();
            _writer?.Dispose();
            _writer = null;
            _bytes = new MemoryStream();
        }

        protected T Writer<T>(Func<Stream, T> create)
            where T : class, IDisposable => (T)(_writer ??= create(_bytes));
    }

    private sealed class JsonlPartWriter(IReadOnlyList<TableColumn> columns) : LinesPartWriter
    {
        protected override void WriteRecord(TracedRecord traced) => Writer(stream => new JsonlTableWriter(stream, columns)).Write(Row(traced.Record));
    }

    private sealed class RenderedPartWriter(int position) : LinesPartWriter
    {
        protected override void WriteRecord(TracedRecord traced) => Writer(stream => new LineWriter(stream)).Write(traced.Rendered![position]);
    }
}
