using System.Text;

namespace DatasetBuild.Core.Records;

/// <summary>
/// The canonical binary form of values: a type tag, then a fixed-width little-endian payload or a
/// length-prefixed UTF-8 string. It is the same on every machine, culture and time zone, so it serves
/// both the cache files and the dataset content hash.
/// </summary>
public static class RecordEncoding
{
    private const byte NullTag = 0;

    public static void WriteValue(BinaryWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.Write(NullTag);
                break;
            case string s:
                writer.Write((byte)FieldType.String);
                writer.Write(s);
                break;
            case long l:
                writer.Write((byte)FieldType.Int);
                writer.Write(l);
                break;
            case double d:
                writer.Write((byte)FieldType.Float);
                writer.Write(BitConverter.DoubleToInt64Bits(d == 0 ? 0d : d));
                break;
            case bool b:
                writer.Write((byte)FieldType.Bool);
                writer.Write(b);
                break;
            case DateTime t:
                writer.Write((byte)FieldType.DateTime);
                writer.Write(DateTime.SpecifyKind(t, DateTimeKind.Utc).Ticks);
                break;
            default:
                throw new InvalidOperationException($"unsupported value type {value.GetType().Name}");
        }
    }

    public static object? ReadValue(BinaryReader reader)
    {
        var tag = reader.ReadByte();
        return tag switch
        {
            NullTag => null,
            (byte)FieldType.String => ReadString(reader),
            (byte)FieldType.Int => reader.ReadInt64(),
            (byte)FieldType.Float => BitConverter.Int64BitsToDouble(reader.ReadInt64()),
            (byte)FieldType.Bool => reader.ReadBoolean(),
            (byte)FieldType.DateTime => new DateTime(reader.ReadInt64(), DateTimeKind.Utc),
            _ => throw new InvalidDataException($"unknown value tag {tag}"),
        };
    }

    public static void WriteNullableString(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    public static string? ReadNullableString(BinaryReader reader) => reader.ReadBoolean() ? ReadString(reader) : null;

    /// <summary>
    /// Reads what <see cref="BinaryWriter.Write(string)"/> wrote, decoding the UTF-8 bytes in one step
    /// (<see cref="BinaryReader.ReadString"/> goes through a StringBuilder for strings over 128 bytes).
    /// </summary>
    public static string ReadString(BinaryReader reader)
    {
        var length = reader.Read7BitEncodedInt();
        if (length <= 0)
        {
            return length == 0 ? "" : throw new InvalidDataException($"a string of {length} bytes");
        }

        if (length <= 512)
        {
            Span<byte> small = stackalloc byte[length];
            reader.BaseStream.ReadExactly(small);
            return Encoding.UTF8.GetString(small);
        }

        var rented = System.Buffers.ArrayPool<byte>.Shared.Rent(length);
        try
        {
            reader.BaseStream.ReadExactly(rented, 0, length);
            return Encoding.UTF8.GetString(rented, 0, length);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The bytes that identify a record's content: its values only (not its id or position).</summary>
    public static byte[] ContentBytes(IReadOnlyList<object?> values)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            foreach (var value in values)
            {
                WriteValue(writer, value);
            }
        }

        return stream.ToArray();
    }
}
