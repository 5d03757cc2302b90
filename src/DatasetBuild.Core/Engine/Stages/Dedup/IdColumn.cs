using System.Text;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The record ids of a <see cref="KeyTable"/>, kept as their UTF-8 bytes in one buffer: a million ids are two
/// arrays, not a million strings. The decisions are written from the ids' bytes (<see cref="Utf8"/>); a pass that
/// needs an id as a string (a review snippet, a message) decodes just that one.
/// </summary>
public sealed class IdColumn
{
    private byte[] _bytes = new byte[1 << 12];
    private int[] _ends = new int[256];
    private int _used;

    public int Count { get; private set; }

    public string this[int n] => Encoding.UTF8.GetString(Utf8(n));

    /// <summary>Id <paramref name="n"/> as its UTF-8 bytes, for writers that would only encode the string again.</summary>
    public ReadOnlySpan<byte> Utf8(int n) => _bytes.AsSpan(n == 0 ? 0 : _ends[n - 1], _ends[n] - (n == 0 ? 0 : _ends[n - 1]));

    /// <summary>Room for <paramref name="ids"/> ids of about a dozen bytes each.</summary>
    public void EnsureCapacity(int ids)
    {
        if (_ends.Length < ids)
        {
            Array.Resize(ref _ends, ids);
        }

        if (_bytes.Length < ids * 12L && ids * 12L < Array.MaxLength)
        {
            Array.Resize(ref _bytes, ids * 12);
        }
    }

    /// <summary>Adds ids stored as their UTF-8 <paramref name="bytes"/> and where each ends in them.</summary>
    public void AddRange(ReadOnlySpan<int> ends, ReadOnlySpan<byte> bytes)
    {
        if (ends.Length > 0 && ends[^1] != bytes.Length)
        {
            throw new InvalidDataException($"ids of {ends[^1]} bytes in {bytes.Length}");
        }

        Reserve(ends.Length, bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(_used));
        var previous = 0;
        for (var n = 0; n < ends.Length; n++)
        {
            if (ends[n] < previous)
            {
                throw new InvalidDataException("id ends out of order");
            }

            _ends[Count + n] = _used + (previous = ends[n]);
        }

        _used += bytes.Length;
        Count += ends.Length;
    }

    private void Reserve(int ids, int bytes)
    {
        if (_used + bytes > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + bytes));
        }

        if (Count + ids > _ends.Length)
        {
            Array.Resize(ref _ends, Math.Max(_ends.Length * 2, Count + ids));
        }
    }
}
