using DatasetBuild.Core.Diagnostics;
using Microsoft.Build.Utilities;

namespace DatasetBuild.Tasks;

/// <summary>Maps Core diagnostics to MSBuild's canonical errors and warnings (code, file, line, column).</summary>
internal static class DiagnosticLogging
{
    public static void LogAll(this TaskLoggingHelper log, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            switch (d.Severity)
            {
                case DiagnosticSeverity.Error:
                    log.LogError(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, d.Message);
                    break;
                case DiagnosticSeverity.Warning:
                    log.LogWarning(null, d.Code, null, d.File, d.Line, d.Column, 0, 0, d.Message);
                    break;
                default:
                    log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, d.ToString());
                    break;
            }
        }
    }
}
