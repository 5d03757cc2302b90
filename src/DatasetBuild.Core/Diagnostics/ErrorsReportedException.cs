namespace DatasetBuild.Core.Diagnostics;

/// <summary>Stops a stage whose errors are already in the diagnostics bag.</summary>
public sealed class ErrorsReportedException() : Exception("errors were reported");
