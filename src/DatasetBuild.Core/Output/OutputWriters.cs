using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Output;

/// <summary>One writer per listed output format, fed the kept records in order.</summary>
public sealed class OutputWriters : IDisposable
{
    private readonly List<Action<TracedRecord>> _writes = [];
    private readonly List<IDisposable> _disposables = [];

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
