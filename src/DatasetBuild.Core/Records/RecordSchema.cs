namespace DatasetBuild.Core.Records;

/// <summary>
/// The fields every record carries, in spec order. The record id is not one of them: it travels beside
/// the values, and is written as the first column <c>id</c> of every output.
/// </summary>
public sealed class RecordSchema
{
    public const string IdField = "id";

    private readonly Dictionary<string, int> _index;

    public RecordSchema(IReadOnlyList<FieldDefinition> fields)
    {
        Fields = fields;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            _index[fields[i].Name] = i;
        }
    }

    public IReadOnlyList<FieldDefinition> Fields { get; }

    public int Count => Fields.Count;

    public int IndexOf(string name) => _index.TryGetValue(name, out var i) ? i : -1;

    public bool Contains(string name) => name == IdField || _index.ContainsKey(name);

    /// <summary>Names a user may refer to in filters and expressions: <c>id</c> and every field.</summary>
    public IEnumerable<string> ReferableNames => Fields.Select(f => f.Name).Prepend(IdField).Distinct();

    /// <summary>A stable text form of the schema, part of every stage key.</summary>
    public string Canonical => string.Join(";", Fields.Select(f => $"{f.Name}:{f.Type.Name()}{(f.Optional ? "?" : "")}"));
}
