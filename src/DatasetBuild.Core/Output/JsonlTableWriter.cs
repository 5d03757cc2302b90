using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Output;

/// <summary>Writes rows as JSON Lines (one object per line, LF, UTF-8 without BOM), culture-independently.</summary>
public sealed class JsonlTableWriter : IDisposable
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    private readonly IReadOnlyList<TableColumn> _columns;
    private readonly Stream _stream;
    private readonly Utf8JsonWriter _json;

    public JsonlTableWriter(string path, IReadOnlyList<TableColumn> columns)
        : this(new BufferedStream(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None), 1 << 16), columns)
    {
    }

    /// <summary>Writes to <paramref name="stream"/>, which the writer owns (disposes).</summary>
    public JsonlTableWriter(Stream stream, IReadOnlyList<TableColumn> columns)
    {
        _columns = columns;
        _stream = stream;
        _json = new Utf8JsonWriter(_stream, Options);
    }

    public long Rows { get; private set; }

    public void Write(object?[] row)
    {
        _json.WriteStartObject();
        for (var c = 0; c < _columns.Count; c++)
        {
            _json.WritePropertyName(_columns[c].Name);
            switch (row[c])
            {
                case null:
                    _json.WriteNullValue();
                    break;
                case string s:
                    _json.WriteStringValue(s);
                    break;
                case long l:
                    _json.WriteNumberValue(l);
                    break;
                case double d:
                    _json.WriteNumberValue(d);
                    break;
                case bool b:
                    _json.WriteBooleanValue(b);
                    break;
                case DateTime t:
                    _json.WriteStringValue(t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture));
                    break;
            }
        }

        _json.WriteEndObject();
        _json.Flush();
        _json.Reset();
        _stream.WriteByte((byte)'\n');
        Rows++;
    }

    public void Dispose()
    {
        _json.Dispose();
        _stream.Flush();
        _stream.Dispose();
    }
}
