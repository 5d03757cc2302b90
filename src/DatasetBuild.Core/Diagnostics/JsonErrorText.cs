using System.Text.Json;

namespace DatasetBuild.Core.Diagnostics;

/// <summary>
/// The part of a System.Text.Json error a user can act on: its message without the trailing " Path: …" and
/// " LineNumber: 0 | BytePositionInLine: 30." (0-based, where the diagnostic already says line and column).
/// </summary>
public static class JsonErrorText
{
    public static string Of(JsonException error)
    {
        var message = error.Message;
        foreach (var tail in (ReadOnlySpan<string>)[" Path:", " LineNumber:"])
        {
            var cut = message.IndexOf(tail, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message.TrimEnd();
    }
}
