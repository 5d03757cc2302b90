namespace DatasetBuild.Core.Output.Assembly;

/// <summary>
/// A generic reader and writer of the Thrift compact protocol (the encoding of Parquet's footer), into a tree of
/// <see cref="ThriftStruct"/>s that keeps every field it does not understand. Enough to move offsets and join row
/// groups of Parquet footers without a model of every Parquet metadata field.
/// </summary>
internal static class ThriftCompact
{
    public const byte Stop = 0, True = 1, False = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12;

    public static ThriftStruct ReadStruct(ReadOnlySpan<byte> data, ref int position)
    {
        var result = new ThriftStruct();
        short lastId = 0;
        while (true)
        {
            var header = data[position++];
            if (header == Stop)
            {
                return result;
            }

            var type = (byte)(header & 0x0F);
            var delta = header >> 4;
            var id = delta != 0 ? (short)(lastId + delta) : (short)ZigZag(ReadVarint(data, ref position));
            lastId = id;
            var value = type is True or False ? type == True : ReadValue(data, ref position, type);
            result.Fields.Add(new ThriftField(id, type is True or False ? True : type, value));
        }
    }

    public static void WriteStruct(Stream output, ThriftStruct value)
    {
        short lastId = 0;
        foreach (var field in value.Fields)
        {
            var type = field.Type == True ? (bool)field.Value ? True : False : field.Type;
            var delta = field.Id - lastId;
            if (delta is > 0 and <= 15)
            {
                output.WriteByte((byte)((delta << 4) | type));
            }
            else
            {
                output.WriteByte(type);
                WriteVarint(output, ZigZag(field.Id));
            }

            lastId = field.Id;
            if (field.Type != True)
            {
                WriteValue(output, field.Type, field.Value);
            }
        }

        output.WriteByte(Stop);
    }

    private static object ReadValue(ReadOnlySpan<byte> data, ref int position, byte type)
    {
        switch (type)
        {
            case True or False:
                return data[position++] == True; // an element of a container: one byte
            case Byte:
                return data[position++];
            case I16 or I32 or I64:
                return ZigZag(ReadVarint(data, ref position));
            case Double:
                position += 8;
                return data.Slice(position - 8, 8).ToArray();
            case Binary:
                var length = checked((int)ReadVarint(data, ref position));
                position += length;
                return data.Slice(position - length, length).ToArray();
            case List or Set:
                var header = data[position++];
                var size = header >> 4 == 15 ? checked((int)ReadVarint(data, ref position)) : header >> 4;
                var elementType = (byte)(header & 0x0F);
                var items = new List<object>(size);
                for (var i = 0; i < size; i++)
                {
                    items.Add(ReadValue(data, ref position, elementType));
                }

                return new ThriftList(elementType, items);
            case Map:
                var count = checked((int)ReadVarint(data, ref position));
                var types = count > 0 ? data[position++] : (byte)0;
                var entries = new List<(object Key, object Value)>(count);
                for (var i = 0; i < count; i++)
                {
                    entries.Add((ReadValue(data, ref position, (byte)(types >> 4)), ReadValue(data, ref position, (byte)(types & 0x0F))));
                }

                return new ThriftMap(types, entries);
            case Struct:
                return ReadStruct(data, ref position);
            default:
                throw new InvalidDataException($"unknown Thrift compact type {type}");
        }
    }

    private static void WriteValue(Stream output, byte type, object value)
    {
        switch (type)
        {
            case True or False:
                output.WriteByte((bool)value ? True : False);
                break;
            case Byte:
                output.WriteByte((byte)value);
                break;
            case I16 or I32 or I64:
                WriteVarint(output, ZigZag((long)value));
                break;
            case Double:
                output.Write((byte[])value);
                break;
            case Binary:
                var bytes = (byte[])value;
                WriteVarint(output, (ulong)bytes.Length);
                output.Write(bytes);
                break;
            case List or Set:
                var list = (ThriftList)value;
                if (list.Items.Count < 15)
                {
                    output.WriteByte((byte)((list.Items.Count << 4) | list.ElementType));
                }
                else
                {
                    output.WriteByte((byte)(0xF0 | list.ElementType));
                    WriteVarint(output, (ulong)list.Items.Count);
                }

                foreach (var item in list.Items)
                {
                    WriteValue(output, list.ElementType, item);
                }

                break;
            case Map:
                var map = (ThriftMap)value;
                WriteVarint(output, (ulong)map.Entries.Count);
                if (map.Entries.Count > 0)
                {
                    output.WriteByte(map.Types);
                }

                foreach (var (key, item) in map.Entries)
                {
                    WriteValue(output, (byte)(map.Types >> 4), key);
                    WriteValue(output, (byte)(map.Types & 0x0F), item);
                }

                break;
            case Struct:
                WriteStruct(output, (ThriftStruct)value);
                break;
            default:
                throw new InvalidDataException($"unknown Thrift compact type {type}");
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new InvalidDataException("a Thrift varint is longer than 64 bits");
    }

    private static void WriteVarint(Stream output, ulong value)
    {
        while (value >= 0x80)
        {
            output.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        output.WriteByte((byte)value);
    }

    private static long ZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private static ulong ZigZag(long value) => (ulong)((value << 1) ^ (value >> 63));
}

/// <summary>A Thrift struct: its fields in the order read (or to write), each with its id, compact type and value.</summary>
internal sealed class ThriftStruct
{
    public List<ThriftField> Fields { get; } = [];

    public object? Get(short id) => Fields.Find(f => f.Id == id)?.Value;

    /// <summary>Replaces the value of field <paramref name="id"/> when it is present.</summary>
    public void Replace(short id, Func<object, object> change)
    {
        var at = Fields.FindIndex(f => f.Id == id);
        if (at >= 0)
        {
            Fields[at] = Fields[at] with { Value = change(Fields[at].Value) };
        }
    }
}

/// <summary>A field; booleans have type <see cref="ThriftCompact.True"/> and a bool value; integers are longs.</summary>
internal sealed record ThriftField(short Id, byte Type, object Value);

/// <summary>A list or set.</summary>
internal sealed record ThriftList(byte ElementType, List<object> Items);

/// <summary>A map; <see cref="Types"/> holds the key type in its high nibble and the value type in its low one.</summary>
internal sealed record ThriftMap(byte Types, List<(object Key, object Value)> Entries);
