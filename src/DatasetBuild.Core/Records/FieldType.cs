namespace DatasetBuild.Core.Records;

/// <summary>The value types a spec schema can declare. In memory: string, long, double, bool, DateTime (UTC).</summary>
public enum FieldType : byte
{
    String = 1,
    Int = 2,
    Float = 3,
    Bool = 4,
    DateTime = 5,
}

public static class FieldTypeNames
{
    public static readonly IReadOnlyList<string> All = ["string", "int", "float", "bool", "datetime"];

    public static bool TryParse(string name, out FieldType type)
    {
        type = name switch
        {
            "string" => FieldType.String,
            "int" => FieldType.Int,
            "float" => FieldType.Float,
            "bool" => FieldType.Bool,
            "datetime" => FieldType.DateTime,
            _ => 0,
        };
        return type != 0;
    }

    public static string Name(this FieldType type) => All[(int)type - 1];
}
