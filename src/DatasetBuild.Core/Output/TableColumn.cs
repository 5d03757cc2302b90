using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Output;

/// <summary>A column of an output table; every column is nullable.</summary>
public sealed record TableColumn(string Name, FieldType Type);
