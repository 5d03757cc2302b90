using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary><c>required</c>: metadata completeness; drops records where a listed field is missing or blank.</summary>
public sealed class RequiredFilter(RequiredFilterSpec spec, RecordSchema schema) : RecordOperator(spec.DisplayName, "filter")
{
    private readonly (string Name, int Index)[] _fields =
        spec.Fields.Where(f => f != RecordSchema.IdField).Select(f => (f, schema.IndexOf(f))).ToArray();

    protected override OperatorResult Decide(Record record, OperatorContext context)
    {
        foreach (var (name, index) in _fields)
        {
            if (record[index] is null || record[index] is string s && string.IsNullOrWhiteSpace(s))
            {
                return OperatorResult.Drop($"missing required '{name}'");
            }
        }

        return OperatorResult.Kept;
    }
}
