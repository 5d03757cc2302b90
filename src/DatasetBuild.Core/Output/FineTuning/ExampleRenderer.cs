using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Output.FineTuning;

/// <summary>
/// Renders a record as one JSON line of a fine-tuning format:
/// chat: <c>{"messages": [{"role": "system", "content": …}, {"role": "user", …}, {"role": "assistant", …}]}</c>
/// (no system message without a system template); instruction: <c>{"instruction", "input", "output"}</c>.
/// One renderer serves one thread (the render stage makes one per file): it writes every line into the same buffer,
/// so a record costs its line's string and little else, where a stream and a writer per record cost ~14 KB.
/// </summary>
public sealed class ExampleRenderer
{
    private static readonly JsonWriterOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly OutputSpec _output;
    private readonly RecordSchema _schema;
    private readonly List<(string Role, MessageTemplate Template)> _templates;
    private readonly ArrayBufferWriter<byte> _line = new(4096);
    private readonly List<(string Role, string Text)> _texts = [];

    public ExampleRenderer(OutputSpec output, RecordSchema schema)
    {
        _output = output;
        _schema = schema;
        _templates = output.Templates.Select(t => (t.Role, MessageTemplate.TryParse(t.Text, out _)!)).ToList();
    }

    public string Format => _output.Format;

    /// <summary>The JSON line and the rendered texts (for token counting), or null with the missing field.</summary>
    public string? Render(Record record, out IReadOnlyList<string> contents, out string? missingField)
    {
        var texts = _texts;
        texts.Clear();
        foreach (var (role, template) in _templates)
        {
            var text = template.Render(record, _schema, out missingField);
            if (text is null)
            {
                contents = [];
                return null;
            }

            texts.Add((role, text));
        }

        missingField = null;
        contents = texts.ConvertAll(t => t.Text);
        _line.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_line, Json))
        {
            writer.WriteStartObject();
            if (_output.Format == "chat")
            {
                writer.WriteStartArray("messages");
                foreach (var (role, text) in texts)
                {
                    writer.WriteStartObject();
                    writer.WriteString("role", role);
                    writer.WriteString("content", text);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }
            else
            {
                foreach (var role in new[] { "instruction", "input", "output" })
                {
                    writer.WriteString(role, texts.FirstOrDefault(t => t.Role == role).Text ?? "");
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(_line.WrittenSpan);
    }
}
