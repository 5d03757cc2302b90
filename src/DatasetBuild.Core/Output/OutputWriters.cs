using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Output;

/// <summary>One writer per listed output format, fed the kept records in order.</summary>
public sealed class OutputWriters : IDisposable
{
    private readonly List<Action<TracedRecord>> _writes = [];
    private readonly List<IDisposable> _disposables = [];
    private readonly List<(string Path, ParquetTableWriter Writer)> _parquet = [];

    public OutputWriters(IReadOnlyList<(OutputSpec Output, string Path)> outputs, IReadOnlyList<TableColumn> columns)
    {
        var fineTuning = 0;
        foreach (var (output, path) in outputs)
        {
            switch (output.Format)
            {
                case "parquet":
                    var parquet = new ParquetTableWriter(path, columns);
                    _disposables.Add(parquet);
                    _parquet.Add((path, parquet));
                    _writes.Add(traced => parquet.Write(Row(traced.Record)));
                    break;
                case "jsonl":
                    var jsonl = new JsonlTableWriter(path, columns);
                    _disposables.Add(jsonl);
                    _writes.Add(traced => jsonl.Write(Row(traced.Record)));
                    break;
                default:
                    var position = fineTuning++;
                    var lines = new LineWriter(path);
                    _disposables.Add(lines);
                    _writes.Add(traced => lines.Write(traced.Rendered![position]));
                    break;
            }
        }
    }

    public void Write(TracedRecord traced)
    {
        foreach (var write in _writes)
        {
            write(traced);
        }
    }

    /// <summary>The SHA-256 of each file whose writer hashed it while writing (Parquet), by path; after <see cref="Dispose"/>.</summary>
    public IEnumerable<(string Path, string Sha256)> KnownSha256 =>
        _parquet.Where(p => p.Writer.Sha256 is not null).Select(p => (p.Path, p.Writer.Sha256!));

    public void Dispose()
    {
        foreach (var disposable in _disposables)
        {
            disposable.Dispose();
        }

        _disposables.Clear();
    }

    private static object?[] Row(Record record)
    {
        var row = new object?[record.Values.Length + 1];
        row[0] = record.Id;
        Array.Copy(record.Values, 0, row, 1, record.Values.Length);
        return row;
    }
}
