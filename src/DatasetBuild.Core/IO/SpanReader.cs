using System.Buffers.Binary;
using System.Text;

namespace DatasetBuild.Core.IO;

/// <summary>
/// Reads what a <see cref="BinaryWriter"/> wrote (little-endian numbers, 7-bit length-prefixed UTF-8 strings) from
/// bytes already in memory, without a stream call per value: for loading a million small records.
/// </summary>
public ref struct SpanReader(ReadOnlySpan<byte> bytes)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _at;

    public bool AtEnd => _at >= _bytes.Length;

    /// <summary>How many bytes have been read.</summary>
    public int Position => _at;

    public byte ReadByte() => _bytes[_at++];

    public bool ReadBoolean() => ReadByte() != 0;

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>The UTF-8 bytes of a string written by <see cref="BinaryWriter.Write(string)"/>.</summary>
    public ReadOnlySpan<byte> ReadStringBytes() => Take(Read7BitEncodedInt());

    public string ReadString() => Encoding.UTF8.GetString(ReadStringBytes());

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _at + count > _bytes.Length)
        {
            throw new EndOfStreamException($"a value of {count} bytes runs past the end ({_bytes.Length - _at} left)");
        }

        var taken = _bytes.Slice(_at, count);
        _at += count;
        return taken;
    }

    private int Read7BitEncodedInt()
    {
        var value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = ReadByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("a 7-bit encoded length is too long");
    }
}
