using System.Globalization;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary><c>blocklist</c>: drops records whose field value is listed (takedowns, erasure requests).</summary>
public sealed class BlocklistFilter(Blocklist blocklist, RecordSchema schema) : RecordOperator(blocklist.Spec.DisplayName, "filter")
{
    private readonly int _field = blocklist.Spec.Field == RecordSchema.IdField ? -1 : schema.IndexOf(blocklist.Spec.Field);

    protected override OperatorResult Decide(Record record, OperatorContext context)
    {
        var value = _field < 0 ? record.Id : Convert.ToString(record[_field], CultureInfo.InvariantCulture);
        return value is not null && blocklist.Values.Contains(value)
            ? OperatorResult.Drop($"blocklisted ('{blocklist.Spec.Field}' listed in {blocklist.Spec.File})")
            : OperatorResult.Kept;
    }
}
