using System.Buffers.Binary;
using System.Text;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// Writes a decisions payload straight into one growing buffer, and notes where each line lies (for
/// <see cref="Decision.DigestsByFile(ReadOnlySpan{byte}, IReadOnlyList{ValueTuple{int, int, int}}, int)"/>). A line
/// is laid out as a <see cref="BinaryWriter"/> would write its fields: the kind (a byte), the record's file (its
/// position in the state, int32), the record's id, the stage, then the reason, the detail and the kept duplicate's id,
/// each a bool and, when true, the text (texts as UTF-8 after their 7-bit encoded length); a 0 where the next line's
/// kind would be ends the payload. A pass makes a hundred thousand decisions with a handful of distinct stage,
/// reason and detail texts: each is encoded once and copied after, and no stream or writer sits between a field and
/// the buffer.
/// </summary>
public sealed class DecisionPayloadWriter(int capacity)
{
    private readonly List<(int File, int Start, int End)> _lines = [];
    private readonly EncodedText _stages = new(), _reasons = new(), _details = new();
    private byte[] _buffer = new byte[Math.Max(capacity, 256)];
    private int _length;

    /// <summary>The lines written: the record's file, and where the line starts and ends in <see cref="Written"/>.</summary>
    public IReadOnlyList<(int File, int Start, int End)> Lines => _lines;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public void Write(int file, ReadOnlySpan<byte> idUtf8, in Decision decision, IdColumn ids)
    {
        var start = _length;
        Byte(decision.Kind);
        Reserve(sizeof(int));
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_length), file);
        _length += sizeof(int);
        Utf8(idUtf8);
        Bytes(_stages.Of(decision.Stage));
        Optional(_reasons, decision.Reason);
        Optional(_details, decision.Detail);
        if (decision.DuplicateOfRecord is { } kept)
        {
            Byte(1);
            Utf8(ids.Utf8(kept));
        }
        else
        {
            Optional(null, decision.DuplicateOf);
        }

        _lines.Add((file, start, _length));
    }

    /// <summary>Closes the payload (a 0 where the next line's kind would be).</summary>
    public void End() => Byte(0);

    private void Optional(EncodedText? cache, string? text)
    {
        Byte(text is null ? (byte)0 : (byte)1);
        if (text is not null)
        {
            Bytes(cache is null ? EncodedText.Encode(text) : cache.Of(text));
        }
    }

    private void Utf8(ReadOnlySpan<byte> utf8)
    {
        Reserve(5 + utf8.Length);
        _length += EncodedText.WriteLength(_buffer.AsSpan(_length), utf8.Length);
        utf8.CopyTo(_buffer.AsSpan(_length));
        _length += utf8.Length;
    }

    private void Bytes(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    private void Byte(byte value)
    {
        Reserve(1);
        _buffer[_length++] = value;
    }

    private void Reserve(int bytes)
    {
        if (_length + bytes > _buffer.Length)
        {
            Array.Resize(ref _buffer, (int)Math.Min(Math.Max((long)_buffer.Length * 2, (long)_length + bytes), Array.MaxLength));
        }
    }

    /// <summary>Texts as <see cref="BinaryWriter.Write(string)"/> writes them (7-bit length, UTF-8), the last few remembered by reference.</summary>
    private sealed class EncodedText
    {
        private readonly string?[] _texts = new string?[4];
        private readonly byte[][] _encoded = new byte[4][];
        private int _next;

        public byte[] Of(string text)
        {
            for (var i = 0; i < _texts.Length; i++)
            {
                if (ReferenceEquals(_texts[i], text))
                {
                    return _encoded[i];
                }
            }

            var encoded = Encode(text);
            _texts[_next] = text;
            _encoded[_next] = encoded;
            _next = (_next + 1) % _texts.Length;
            return encoded;
        }

        public static byte[] Encode(string text)
        {
            var count = Encoding.UTF8.GetByteCount(text);
            Span<byte> length = stackalloc byte[5];
            var at = WriteLength(length, count);
            var encoded = new byte[at + count];
            length[..at].CopyTo(encoded);
            Encoding.UTF8.GetBytes(text, encoded.AsSpan(at));
            return encoded;
        }

        /// <summary>Writes <paramref name="value"/> 7 bits a byte, low bits first (as BinaryWriter.Write7BitEncodedInt); returns the bytes written.</summary>
        public static int WriteLength(Span<byte> into, int value)
        {
            var n = 0;
            var rest = (uint)value;
            while (rest >= 0x80)
            {
                into[n++] = (byte)(rest | 0x80);
                rest >>= 7;
            }

            into[n++] = (byte)rest;
            return n;
        }
    }
}
