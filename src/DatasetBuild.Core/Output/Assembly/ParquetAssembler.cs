using System.Buffers.Binary;

namespace DatasetBuild.Core.Output.Assembly;

/// <summary>
/// Writes one Parquet file from parts, each a complete Parquet file of the same schema encoded on its own (so parts
/// can be encoded in parallel, or kept and reused): copies every part's pages in order, and writes one footer with
/// the row groups of all parts, their offsets moved to where their pages now are. The same parts in the same order
/// give the same bytes.
/// </summary>
public sealed class ParquetAssembler(Stream output)
{
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    // FileMetaData: 3 num_rows, 4 row_groups. RowGroup: 1 columns, 5 file_offset, 7 ordinal. ColumnChunk: 2 file_offset,
    // 3 meta_data, 4 offset_index_offset, 6 column_index_offset. ColumnMetaData: 9 data_page_offset,
    // 10 index_page_offset, 11 dictionary_page_offset, 14 bloom_filter_offset.
    private const short NumRows = 3, RowGroups = 4, Columns = 1, RowGroupOffset = 5, Ordinal = 7;
    private static readonly short[] ChunkOffsets = [2, 4, 6];
    private static readonly short[] MetaDataOffsets = [9, 10, 11, 14];

    private readonly List<object> _rowGroups = [];
    private ThriftStruct? _metadata;
    private long _rows;
    private long _position = -1;

    public long Rows => _rows;

    /// <summary>Appends a part (a whole Parquet file).</summary>
    public void Append(ReadOnlySpan<byte> part) => Append(Parse(part), part);

    /// <summary>
    /// Reads a part's footer: where its pages end, its metadata and row count. Any thread may parse parts ahead of
    /// the one appending them (parsing is most of an append's work; copying pages is the rest).
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

        var position = 0;
        var metadata = ThriftCompact.ReadStruct(part[footerStart..^8], ref position);
        return new ParsedPart(footerStart, metadata, (long)(metadata.Get(NumRows) ?? 0L));
    }

    /// <summary>Appends a part parsed by <see cref="Parse"/>; <paramref name="part"/> is its bytes.</summary>
    internal void Append(ParsedPart parsed, ReadOnlySpan<byte> part)
    {
        if (_position < 0)
        {
            output.Write(Magic);
            _position = Magic.Length;
        }

        var shift = _position - Magic.Length;
        output.Write(part[Magic.Length..parsed.FooterStart]);
        _position += parsed.FooterStart - Magic.Length;
        _rows += parsed.Rows;
        foreach (var rowGroup in ((ThriftList?)parsed.Metadata.Get(RowGroups))?.Items ?? [])
        {
            _rowGroups.Add(Moved((ThriftStruct)rowGroup, shift));
        }

        _metadata ??= parsed.Metadata;
    }

    /// <summary>Writes the footer: the first part's metadata with every part's rows and row groups.</summary>
    public void Finish()
    {
        var metadata = _metadata ?? throw new InvalidOperationException("a Parquet file needs at least one part");
        metadata.Replace(NumRows, _ => _rows);
        for (var i = 0; i < _rowGroups.Count; i++)
        {
            ((ThriftStruct)_rowGroups[i]).Replace(Ordinal, _ => (long)i);
        }

        metadata.Replace(RowGroups, list => new ThriftList(((ThriftList)list).ElementType, _rowGroups));
        using var footer = new MemoryStream();
        ThriftCompact.WriteStruct(footer, metadata);
        output.Write(footer.GetBuffer().AsSpan(0, (int)footer.Length));
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, (int)footer.Length);
        output.Write(length);
        output.Write(Magic);
    }

    private static ThriftStruct Moved(ThriftStruct rowGroup, long shift)
    {
        rowGroup.Replace(RowGroupOffset, offset => (long)offset + shift);
        foreach (var chunk in ((ThriftList?)rowGroup.Get(Columns))?.Items.Cast<ThriftStruct>() ?? [])
        {
            foreach (var field in ChunkOffsets)
            {
                chunk.Replace(field, offset => (long)offset + shift);
            }

            if (chunk.Get(3) is ThriftStruct columnMetaData)
            {
                foreach (var field in MetaDataOffsets)
                {
                    columnMetaData.Replace(field, offset => (long)offset + shift);
                }
            }
        }

        return rowGroup;
    }
}

/// <summary>A Parquet part's footer, read: where it starts, the file metadata, and the part's rows.</summary>
internal sealed record ParsedPart(int FooterStart, ThriftStruct Metadata, long Rows);
