using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Output;

/// <summary>
/// Writes the kept records of one piece of the dataset, for one output file, into memory: a Parquet part for
/// <c>parquet</c>, JSON lines for <c>jsonl</c> and the fine-tuning formats. <see cref="OutputFileAssembler"/> joins
/// the parts of every piece, in order, into the output file.
/// </summary>
public abstract class PartWriter
{
    public long Rows { get; private set; }

    /// <summary>The writer for <paramref name="output"/>; <paramref name="fineTuningPosition"/> is a fine-tuning output's position among them (which rendered line of a record it writes).</summary>
    public static PartWriter For(OutputSpec output, IReadOnlyList<TableColumn> columns, int fineTuningPosition) => output.Format switch
    {
        "parquet" => new ParquetPartWriter(columns),
        "jsonl" => new JsonlPartWriter(columns),
        _ => new RenderedPartWriter(fineTuningPosition),
    };

    public void Write(TracedRecord traced)
    {
        Rows++;
        WriteRecord(traced);
    }

    /// <summary>The part's bytes; empty when no record was written.</summary>
    public abstract byte[] Finish();

    protected abstract void WriteRecord(TracedRecord traced);

    /// <summary>A record as an output row: the id, then the schema's fields.</summary>
    public static object?[] Row(Record record)
    {
        var row = new object?[record.Values.Length + 1];
        row[0] = record.Id;
        Array.Copy(record.Values, 0, row, 1, record.Values.Length);
        return row;
    }

    private sealed class ParquetPartWriter(IReadOnlyList<TableColumn> columns) : PartWriter
    {
        private readonly RowGroupBuffer _rows = new(columns);

        public override byte[] Finish() => Rows == 0 ? [] : ParquetPart.Encode(columns, _rows);

        protected override void WriteRecord(TracedRecord traced) => _rows.Add(Row(traced.Record));
    }

    private sealed class JsonlPartWriter(IReadOnlyList<TableColumn> columns) : PartWriter
    {
        private readonly MemoryStream _bytes = new();
        private JsonlTableWriter? _writer;

        public override byte[] Finish()
        {
            _writer?.Dispose();
            return _bytes.ToArray();
        }

        protected override void WriteRecord(TracedRecord traced) => (_writer ??= new JsonlTableWriter(_bytes, columns)).Write(Row(traced.Record));
    }

    private sealed class RenderedPartWriter(int position) : PartWriter
    {
        private readonly MemoryStream _bytes = new();
        private LineWriter? _writer;

        public override byte[] Finish()
        {
            _writer?.Dispose();
            return _bytes.ToArray();
        }

        protected override void WriteRecord(TracedRecord traced) => (_writer ??= new LineWriter(_bytes)).Write(traced.Rendered![position]);
    }
}
