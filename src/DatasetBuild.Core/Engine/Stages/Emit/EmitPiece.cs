using System.Text;
using DatasetBuild.Core.Output;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Engine.Stages.Emit;

/// <summary>One piece being written: a part writer per output file, the lineage rows, the index.</summary>
internal sealed class EmitPiece
{
    private readonly EmitSetup _setup;
    private readonly PartWriter[] _outputs;
    private readonly RowGroupBuffer _lineage = new(LineageTable.Columns);
    private readonly MemoryStream _lineagePart = new();
    private readonly MemoryStream _index = new();
    private readonly MemoryStream _scratch = new();
    private readonly BinaryWriter _indexWriter;

    public EmitPiece(EmitSetup setup)
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
