namespace DatasetBuild.Core.Output.Assembly;

/// <summary>
/// Walks Thrift compact protocol bytes (the encoding of Parquet's footer) field by field, without building objects:
/// enough to find a few fields, skip the rest, and copy what is not changed byte for byte.
/// </summary>
internal ref struct ThriftCompactReader(ReadOnlySpan<byte> data, int position = 0)
{
    public const byte Stop = 0, True = 1, False = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12;

    private readonly ReadOnlySpan<byte> _data = data;
    private short _lastId;

    public int Position { get; private set; } = position;

    /// <summary>The bytes from <paramref name="start"/> to where the reader is.</summary>
    public readonly ReadOnlySpan<byte> Since(int start) => _data[start..Position];

    /// <summary>Reads the next field header of the current struct; false at its stop byte. Booleans keep their value in <paramref name="type"/>.</summary>
    public bool NextField(out short id, out byte type)
    {
        var header = _data[Position++];
        if (header == Stop)
        {
            id = 0;
            type = Stop;
            return false;
        }

        type = (byte)(header & 0x0F);
        var delta = header >> 4;
        id = delta != 0 ? (short)(_lastId + delta) : (short)ZigZag(ReadVarint());
        _lastId = id;
        return true;
    }

    /// <summary>Starts reading a nested struct's fields; <see cref="EndStruct"/> with the value returned goes back to the outer one.</summary>
    public short BeginStruct()
    {
        var outer = _lastId;
        _lastId = 0;
        return outer;
    }

    public void EndStruct(short outer) => _lastId = outer;

    public long ReadInteger() => ZigZag(ReadVarint());

    public (int Count, byte ElementType) ReadListHeader()
    {
        var header = _data[Position++];
        var count = header >> 4 == 15 ? checked((int)ReadVarint()) : header >> 4;
        return (count, (byte)(header & 0x0F));
    }

    /// <summary>Skips a field's value of <paramref name="type"/> (booleans of a field have none).</summary>
    public void SkipField(byte type)
    {
        if (type is not (True or False))
        {
            Skip(type);
        }
    }

    /// <summary>Skips a value of <paramref name="type"/> as a container element (a boolean is one byte there).</summary>
    public void Skip(byte type)
    {
        switch (type)
        {
            case True or False or Byte:
                Position++;
                break;
            case I16 or I32 or I64:
                ReadVarint();
                break;
            case Double:
                Position += 8;
                break;
            case Binary:
                var length = checked((int)ReadVarint()); // read before Position: the varint moves it
                Position += length;
                break;
            case List or Set:
                var (count, elementType) = ReadListHeader();
                for (var i = 0; i < count; i++)
                {
                    Skip(elementType);
                }

                break;
            case Map:
                var entries = checked((int)ReadVarint());
                var types = entries > 0 ? _data[Position++] : (byte)0;
                for (var i = 0; i < entries; i++)
                {
                    Skip((byte)(types >> 4));
                    Skip((byte)(types & 0x0F));
                }

                break;
            case Struct:
                var outer = BeginStruct();
                while (NextField(out _, out var fieldType))
                {
                    SkipField(fieldType);
                }

                EndStruct(outer);
                break;
            default:
                throw new InvalidDataException($"unknown Thrift compact type {type}");
        }
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = _data[Position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new InvalidDataException("a Thrift varint is longer than 64 bits");
    }

    private static long ZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);
}
