using System.Buffers;

namespace DatasetBuild.Core.Output.Assembly;

/// <summary>The few Thrift compact encodings a footer rewrite writes itself; everything else is copied as read.</summary>
internal static class ThriftCompactWriter
{
    public static void WriteInteger(IBufferWriter<byte> output, long value) => WriteVarint(output, (ulong)((value << 1) ^ (value >> 63)));

    /// <summary>A list header: the short form below 15 elements, as every Thrift writer does.</summary>
    public static void WriteListHeader(IBufferWriter<byte> output, int count, byte elementType)
    {
        if (count < 15)
        {
            Write(output, [(byte)((count << 4) | elementType)]);
            return;
        }

        Write(output, [(byte)(0xF0 | elementType)]);
        WriteVarint(output, (uint)count);
    }

    public static void Write(IBufferWriter<byte> output, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }

    private static void WriteVarint(IBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(10);
        var length = 0;
        while (value >= 0x80)
        {
            span[length++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[length++] = (byte)value;
        output.Advance(length);
    }
}
