namespace DatasetBuild.Core.Operators;

/// <summary>What an operator may need to know about the record's origin, for located errors.</summary>
public sealed record OperatorContext(string SourceName, string SourceFile);
