using System.Buffers;
using System.Buffers.Binary;
using static DatasetBuild.Core.Output.Assembly.ThriftCompactReader;

namespace DatasetBuild.Core.Output.Assembly;

/// <summary>
/// Writes one Parquet file from parts, each a complete Parquet file of the same schema encoded on its own (so parts
/// can be encoded in parallel, or kept and reused): copies every part's pages in order, and writes one footer with
/// the row groups of all parts, their offsets moved to where their pages now are. The same parts in the same order
/// give the same bytes.
/// </summary>
/// <remarks>
/// The footers are rewritten as they are read (<see cref="ThriftCompactReader"/>): every byte is copied as it is
/// except the offsets that move, the row groups' ordinals and the file's row count. A thousand parts' footers are
/// then a few megabytes copied, not a few hundred thousand objects.
/// </remarks>
public sealed class ParquetAssembler(Stream output)
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    // FileMetaData: 3 num_rows, 4 row_groups. RowGroup: 1 columns, 5 file_offset, 7 ordinal. ColumnChunk: 2 file_offset,
    // 3 meta_data, 4 offset_index_offset, 6 column_index_offset. ColumnMetaData: 9 data_page_offset,
    // 10 index_page_offset, 11 dictionary_page_offset, 14 bloom_filter_offset.
    private const short NumRows = 3, RowGroups = 4, Columns = 1, RowGroupOffset = 5, Ordinal = 7, ChunkMetaData = 3;

    private readonly ArrayBufferWriter<byte> _rowGroups = new();
    private int _rowGroupCount;
    private byte[]? _firstFooter;
    private long _rows;
    private long _position = -1;

    public long Rows => _rows;

    /// <summary>The row groups appended so far, with their offsets in the file (the footer's row-group list without its header).</summary>
    internal ReadOnlySpan<byte> RowGroupBytes => _rowGroups.WrittenSpan;

    internal int RowGroupCount => _rowGroupCount;

    /// <summary>The first part's footer (the metadata besides row groups that <see cref="Finish"/> writes), null before any part.</summary>
    internal byte[]? FirstFooter => _firstFooter;

    /// <summary>Appends a part (a whole Parquet file).</summary>
    public void Append(ReadOnlySpan<byte> part) => Append(Parse(part), part);

    /// <summary>
    /// Reads a part's footer: where it starts, the part's rows and where its row groups are. Any thread may parse
    /// parts ahead of the one appending them.
    /// </summary>
    internal static ParsedPart Parse(ReadOnlySpan<byte> part)
    {
        if (part.Length < 12 || !part[..4].SequenceEqual(Magic) || !part[^4..].SequenceEqual(Magic))
        {
            throw new InvalidDataException("a Parquet part must start and end with PAR1");
        }

        var footerLength = BinaryPrimitives.ReadInt32LittleEndian(part[^8..]);
        var footerStart = part.Length - 8 - footerLength;
        if (footerLength < 0 || footerStart < Magic.Length)
        {
            throw new InvalidDataException("a Parquet part's footer runs past its start");
        }

        var reader = new ThriftCompactReader(part[footerStart..^8]);
        long rows = 0;
        int rowGroupsAt = -1, rowGroupCount = 0;
        while (reader.NextField(out var id, out var type))
        {
            if (id == NumRows && type is I32 or I64)
            {
                rows = reader.ReadInteger();
            }
            else if (id == RowGroups && type == List)
            {
                var (count, elementType) = reader.ReadListHeader();
                if (elementType != Struct)
                {
                    throw new InvalidDataException("a Parquet footer's row groups must be structs");
                }

                (rowGroupsAt, rowGroupCount) = (reader.Position, count);
                for (var i = 0; i < count; i++)
                {
                    reader.Skip(Struct);
                }
            }
            else
            {
                reader.SkipField(type);
            }
        }

        return new ParsedPart(footerStart, rows, rowGroupsAt, rowGroupCount);
    }

    /// <summary>Appends a part parsed by <see cref="Parse"/>; <paramref name="part"/> is its bytes.</summary>
    internal void Append(ParsedPart parsed, ReadOnlySpan<byte> part)
    {
        StartFile();

        var shift = _position - Magic.Length;
        output.Write(part[Magic.Length..parsed.FooterStart]);
        _position += parsed.FooterStart - Magic.Length;
        _rows += parsed.Rows;
        var footer = part[parsed.FooterStart..^8];
        _firstFooter ??= footer.ToArray();
        var reader = new ThriftCompactReader(footer, parsed.RowGroupsAt);
        for (var i = 0; i < parsed.RowGroupCount; i++)
        {
            CopyStruct(ref reader, StructKind.RowGroup, shift);
        }
    }

    /// <summary>
    /// Appends a part taken from another file of the same parts instead of parsed: its pages, <paramref name="pagesLength"/>
    /// bytes that the caller writes to the output right after, start at <paramref name="oldStart"/> in that file, and
    /// <paramref name="rowGroups"/> (<paramref name="rowGroupCount"/> of them, <paramref name="rows"/> rows) is their
    /// metadata there. <paramref name="firstFooter"/> is that file's metadata besides row groups (the same for every part
    /// of the same columns and codec).
    /// </summary>
    internal void AppendMoved(long oldStart, long pagesLength, ReadOnlySpan<byte> rowGroups, int rowGroupCount, long rows, byte[] firstFooter)
    {
        StartFile();

        _firstFooter ??= firstFooter;
        _rows += rows;
        var reader = new ThriftCompactReader(rowGroups);
        for (var i = 0; i < rowGroupCount; i++)
        {
            CopyStruct(ref reader, StructKind.RowGroup, _position - oldStart);
        }

        _position += pagesLength;
    }

    /// <summary>Writes the file's leading magic before its first part.</summary>
    private void StartFile()
    {
        if (_position < 0)
        {
            output.Write(Magic);
            _position = Magic.Length;
        }
    }

    /// <summary>Writes the footer: the first part's metadata with every part's rows and row groups.</summary>
    public void Finish()
    {
        var footer = _firstFooter ?? throw new InvalidOperationException("a Parquet file needs at least one part");
        var metadata = new ArrayBufferWriter<byte>(footer.Length + _rowGroups.WrittenCount + 16);
        var reader = new ThriftCompactReader(footer);
        while (CopyFieldHeader(ref reader, metadata, out var id, out var type))
        {
            var value = reader.Position;
            if (id == NumRows && type is I32 or I64)
            {
                reader.ReadInteger();
                ThriftCompactWriter.WriteInteger(metadata, _rows);
            }
            else if (id == RowGroups && type == List)
            {
                reader.Skip(List);
                ThriftCompactWriter.WriteListHeader(metadata, _rowGroupCount, Struct);
                ThriftCompactWriter.Write(metadata, _rowGroups.WrittenSpan);
            }
            else
            {
                reader.SkipField(type);
                ThriftCompactWriter.Write(metadata, reader.Since(value));
            }
        }

        output.Write(metadata.WrittenSpan);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, metadata.WrittenCount);
        output.Write(length);
        output.Write(Magic);
    }

    /// <summary>Copies a struct of a row group's metadata, moving its offsets by <paramref name="shift"/> (and numbering row groups).</summary>
    private void CopyStruct(ref ThriftCompactReader reader, StructKind kind, long shift)
    {
        var outer = reader.BeginStruct();
        while (CopyFieldHeader(ref reader, _rowGroups, out var id, out var type))
        {
            var value = reader.Position;
            if (type == I64 && IsOffset(kind, id))
            {
                ThriftCompactWriter.WriteInteger(_rowGroups, reader.ReadInteger() + shift);
            }
            else if (kind == StructKind.RowGroup && id == Ordinal && type is I16 or I32 or I64)
            {
                reader.ReadInteger();
                ThriftCompactWriter.WriteInteger(_rowGroups, _rowGroupCount);
            }
            else if (kind == StructKind.RowGroup && id == Columns && type == List)
            {
                var (count, elementType) = reader.ReadListHeader();
                ThriftCompactWriter.Write(_rowGroups, reader.Since(value));
                for (var i = 0; i < count; i++)
                {
                    if (elementType == Struct)
                    {
                        CopyStruct(ref reader, StructKind.ColumnChunk, shift);
                    }
                    else
                    {
                        var element = reader.Position;
                        reader.Skip(elementType);
                        ThriftCompactWriter.Write(_rowGroups, reader.Since(element));
                    }
                }
            }
            else if (kind == StructKind.ColumnChunk && id == ChunkMetaData && type == Struct)
            {
                CopyStruct(ref reader, StructKind.ColumnMetaData, shift);
            }
            else
            {
                reader.SkipField(type);
                ThriftCompactWriter.Write(_rowGroups, reader.Since(value));
            }
        }

        reader.EndStruct(outer);
        if (kind == StructKind.RowGroup)
        {
            _rowGroupCount++;
        }
    }

    /// <summary>Reads the next field header (or the stop byte) and copies it as it is; false at the stop byte.</summary>
    private static bool CopyFieldHeader(ref ThriftCompactReader reader, ArrayBufferWriter<byte> output, out short id, out byte type)
    {
        var header = reader.Position;
        var more = reader.NextField(out id, out type);
        ThriftCompactWriter.Write(output, reader.Since(header));
        return more;
    }

    private static bool IsOffset(StructKind kind, short id) => kind switch
    {
        StructKind.RowGroup => id == RowGroupOffset,
        StructKind.ColumnChunk => id is 2 or 4 or 6,
        _ => id is 9 or 10 or 11 or 14,
    };

    private enum StructKind
    {
        RowGroup,
        ColumnChunk,
        ColumnMetaData,
    }
}

/// <summary>A Parquet part's footer, read: where it starts, the part's rows, and where in the footer its row groups start and how many there are.</summary>
internal sealed record ParsedPart(int FooterStart, long Rows, int RowGroupsAt, int RowGroupCount);
