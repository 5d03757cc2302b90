using System.Buffers;

namespace DatasetBuild.Core.Sources;

/// <summary>
/// Reads a file line by line as UTF-8 bytes: LF or CRLF endings, a leading BOM skipped, lines of any
/// length. Each line is checked for valid UTF-8 on its own, so a bad line is reported at its number
/// and the lines after it can still be read.
/// </summary>
public sealed class Utf8LineReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int _start;
    private int _end;
    private bool _eof;
    private bool _first = true;

    public Utf8LineReader(string path)
    {
        _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
    }

    /// <summary>The 1-based number of the line last returned.</summary>
    public long LineNumber { get; private set; }

    /// <summary>The next line without its ending, or false at the end of the file. The memory is valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line, out bool validUtf8)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0 || (_eof && _end > _start))
            {
                var stop = newline >= 0 ? newline : _end;
                var length = stop - _start;
                if (length > 0 && _buffer[stop - 1] == (byte)'\r')
                {
                    length--;
                }

                var offset = _start;
                if (_first && length >= 3 && _buffer[offset] == 0xEF && _buffer[offset + 1] == 0xBB && _buffer[offset + 2] == 0xBF)
                {
                    offset += 3;
                    length -= 3;
                }

                _first = false;
                line = new ReadOnlyMemory<byte>(_buffer, offset, length);
                validUtf8 = System.Text.Unicode.Utf8.IsValid(line.Span);
                _start = newline >= 0 ? newline + 1 : _end;
                LineNumber++;
                return true;
            }

            if (_eof)
            {
                line = default;
                validUtf8 = true;
                return false;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    public void Dispose()
    {
        _stream.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }
}
