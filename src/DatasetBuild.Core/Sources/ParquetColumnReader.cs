using Parquet;
using Parquet.Schema;

namespace DatasetBuild.Core.Sources;

/// <summary>Reads one Parquet column of a row group into raw values, whatever its primitive type.</summary>
internal static class ParquetColumnReader
{
    public static object?[] Read(ParquetRowGroupReader rowGroup, DataField field, long rowCount)
    {
        if (field.IsArray)
        {
            throw new NotSupportedException($"column '{field.Name}' is a list; only scalar columns can be mapped");
        }

        var type = field.ClrType;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var strings = new string?[rowCount];
            rowGroup.ReadAsync(field, strings.AsMemory()).GetAwaiter().GetResult();
            return strings.Cast<object?>().ToArray();
        }

        return type switch
        {
            _ when type == typeof(bool) => ReadStruct<bool>(rowGroup, field, rowCount, v => v),
            _ when type == typeof(byte) => ReadStruct<byte>(rowGroup, field, rowCount, v => (long)v),
            _ when type == typeof(sbyte) => ReadStruct<sbyte>(rowGroup, field, rowCount, v => (long)v),
            _ when type == typeof(short) => ReadStruct<short>(rowGroup, field, rowCount, v => (long)v),
            _ when type == typeof(ushort) => ReadStruct<ushort>(rowGroup, field, rowCount, v => (long)v),
            _ when type == typeof(int) => ReadStruct<int>(rowGroup, field, rowCount, v => (long)v),
            _ when type == typeof(uint) => ReadStruct<uint>(rowGroup, field, rowCount, v => (long)v),
            _ when type == typeof(long) => ReadStruct<long>(rowGroup, field, rowCount, v => v),
            _ when type == typeof(ulong) => ReadStruct<ulong>(rowGroup, field, rowCount, v => (double)v),
            _ when type == typeof(float) => ReadStruct<float>(rowGroup, field, rowCount, v => (double)v),
            _ when type == typeof(double) => ReadStruct<double>(rowGroup, field, rowCount, v => v),
            _ when type == typeof(decimal) => ReadStruct<decimal>(rowGroup, field, rowCount, v => (double)v),
            _ when type == typeof(DateTime) => ReadStruct<DateTime>(rowGroup, field, rowCount, v => DateTime.SpecifyKind(v, DateTimeKind.Utc)),
            _ when type == typeof(DateTimeOffset) => ReadStruct<DateTimeOffset>(rowGroup, field, rowCount, v => v.UtcDateTime),
            _ when type == typeof(DateOnly) => ReadStruct<DateOnly>(rowGroup, field, rowCount, v => v.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)),
            _ => throw new NotSupportedException($"column '{field.Name}' has type {type.Name}, which cannot be mapped"),
        };
    }

    private static object?[] ReadStruct<T>(ParquetRowGroupReader rowGroup, DataField field, long rowCount, Func<T, object> convert)
        where T : struct
    {
        var result = new object?[rowCount];
        if (field.IsNullable)
        {
            var values = new T?[rowCount];
            rowGroup.ReadAsync(field, values.AsMemory()).GetAwaiter().GetResult();
            for (var i = 0; i < rowCount; i++)
            {
                result[i] = values[i] is { } v ? convert(v) : null;
            }
        }
        else
        {
            var values = new T[rowCount];
            rowGroup.ReadAsync(field, values.AsMemory()).GetAwaiter().GetResult();
            for (var i = 0; i < rowCount; i++)
            {
                result[i] = convert(values[i]);
            }
        }

        return result;
    }
}
