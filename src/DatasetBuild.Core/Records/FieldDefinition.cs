namespace DatasetBuild.Core.Records;

/// <summary>One field of the dataset schema, after source mapping.</summary>
public sealed record FieldDefinition(string Name, FieldType Type, bool Optional);
