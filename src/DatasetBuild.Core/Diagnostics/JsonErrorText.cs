using System.Text.Json;

namespace DatasetBuild.Core.Diagnostics;

/// <summary>
/// The part of a System.Text.Json error a user can act on: its message with the JSON path it names kept ("at
/// $.records") and the trailing " LineNumber: 0 | BytePositionInLine: 30." dropped (0-based, where the diagnostic
/// already says line and column).
/// </summary>
public static class JsonErrorText
{
    public static string Of(JsonException error)
    {
        var message = error.Message;
        var lineAt = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (lineAt > 0)
        {
            message = message[..lineAt].TrimEnd(' ', '|');
        }

        var pathAt = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (pathAt > 0)
        {
            var path = message[(pathAt + " Path: ".Length)..].Trim();
            message = message[..pathAt].TrimEnd() + (path is "" or "$" ? "" : $" (at {path})");
        }

        return message.TrimEnd();
    }
}
