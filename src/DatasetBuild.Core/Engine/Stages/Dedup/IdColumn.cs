using System.Text;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The record ids of a <see cref="KeyTable"/>, kept as their UTF-8 bytes in one buffer: a million ids are two
/// arrays, not a million strings. A pass asks for the few ids it writes (the kept record of a duplicate, a
/// dropped record's own id), and each is decoded then.
/// </summary>
public sealed class IdColumn
{
    private byte[] _bytes = new byte[1 << 12];
    private int[] _ends = new int[256];
    private int _used;

    public int Count { get; private set; }

    public string this[int n] => Encoding.UTF8.GetString(_bytes, n == 0 ? 0 : _ends[n - 1], _ends[n] - (n == 0 ? 0 : _ends[n - 1]));

    public void Add(string id) => Add(Encoding.UTF8.GetBytes(id));

    public void Add(ReadOnlySpan<byte> utf8)
    {
        if (_used + utf8.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + utf8.Length));
        }

        if (Count == _ends.Length)
        {
            Array.Resize(ref _ends, Count * 2);
        }

        utf8.CopyTo(_bytes.AsSpan(_used));
        _used += utf8.Length;
        _ends[Count++] = _used;
    }

    public void AddRange(IdColumn other)
    {
        for (var n = 0; n < other.Count; n++)
        {
            var start = n == 0 ? 0 : other._ends[n - 1];
            Add(other._bytes.AsSpan(start, other._ends[n] - start));
        }
    }
}
