using DatasetBuild.Core.Records;
using Parquet;
using Parquet.Schema;

namespace DatasetBuild.Core.Output;

/// <summary>
/// The rows of one row group, held column by column: each column's non-null values in one array (a string
/// column's characters in one char buffer) and its definition levels. Buffered rows are thus a few arrays that
/// the garbage collector does not trace, rather than an object per row and per value. Reused across row groups.
/// </summary>
internal sealed class RowGroupBuffer(IReadOnlyList<TableColumn> columns)
{
    private readonly ColumnValues[] _columns = columns.Select(ColumnValues.For).ToArray();

    public int Count { get; private set; }

    public void Add(object?[] row)
    {
        for (var c = 0; c < _columns.Length; c++)
        {
            _columns[c].Add(row[c], Count);
        }

        Count++;
    }

    public void Clear()
    {
        foreach (var column in _columns)
        {
            column.Clear();
        }

        Count = 0;
    }

    public void WriteTo(ParquetRowGroupWriter group, DataField[] fields)
    {
        for (var c = 0; c < _columns.Length; c++)
        {
            _columns[c].WriteTo(group, fields[c], Count);
        }
    }

    private abstract class ColumnValues
    {
        protected int[] Definitions { get; private set; } = new int[1024];

        protected int Present { get; set; }

        public static ColumnValues For(TableColumn column) => column.Type switch
        {
            FieldType.String => new Strings(),
            FieldType.Int => new Values<long>(),
            FieldType.Float => new Values<double>(),
            FieldType.Bool => new Values<bool>(),
            FieldType.DateTime => new Values<DateTime>(),
            _ => throw new ArgumentOutOfRangeException(nameof(column)),
        };

        public void Add(object? value, int row)
        {
            if (row == Definitions.Length)
            {
                var grown = Definitions;
                Array.Resize(ref grown, row * 2);
                Definitions = grown;
            }

            Definitions[row] = value is null ? 0 : 1;
            if (value is not null)
            {
                AddValue(value);
                Present++;
            }
        }

        public virtual void Clear() => Present = 0;

        public abstract void WriteTo(ParquetRowGroupWriter group, DataField field, int rows);

        protected abstract void AddValue(object value);
    }

    private sealed class Values<T> : ColumnValues
        where T : struct
    {
        private T[] _values = new T[1024];

        public override void WriteTo(ParquetRowGroupWriter group, DataField field, int rows) =>
            group.WriteAllPartsAsync<T>(field, _values.AsMemory(0, Present), Definitions.AsMemory(0, rows), null, default).GetAwaiter().GetResult();

        protected override void AddValue(object value)
        {
            if (Present == _values.Length)
            {
                Array.Resize(ref _values, Present * 2);
            }

            _values[Present] = (T)value;
        }
    }

    private sealed class Strings : ColumnValues
    {
        private char[] _chars = new char[1 << 16];
        private ReadOnlyMemory<char>[] _slices = new ReadOnlyMemory<char>[1024];
        private int _used;

        public override void Clear()
        {
            base.Clear();
            _used = 0;
        }

        public override void WriteTo(ParquetRowGroupWriter group, DataField field, int rows)
        {
            // Slices are taken now: the char buffer may have moved while it grew.
            var start = 0;
            for (var i = 0; i < Present; i++)
            {
                var length = _slices[i].Length;
                _slices[i] = _chars.AsMemory(start, length);
                start += length;
            }

            group.WriteAllPartsAsync<ReadOnlyMemory<char>>(field, _slices.AsMemory(0, Present), Definitions.AsMemory(0, rows), null, default).GetAwaiter().GetResult();
        }

        protected override void AddValue(object value)
        {
            var text = (string)value;
            if (_used + text.Length > _chars.Length)
            {
                Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + text.Length));
            }

            text.CopyTo(_chars.AsSpan(_used));
            _used += text.Length;
            if (Present == _slices.Length)
            {
                Array.Resize(ref _slices, Present * 2);
            }

            _slices[Present] = new ReadOnlyMemory<char>(_chars, 0, text.Length); // the length is what counts until WriteTo
        }
    }
}
