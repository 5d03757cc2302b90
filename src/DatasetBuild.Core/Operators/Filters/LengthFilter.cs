using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary><c>length</c>: keeps records whose text field has between min and max words and characters.</summary>
public sealed class LengthFilter(LengthFilterSpec spec, RecordSchema schema) : RecordOperator(spec.DisplayName, "filter")
{
    private readonly int _field = schema.IndexOf(spec.Field);

    protected override OperatorResult Decide(Record record, OperatorContext context)
    {
        if (record[_field] is not string text)
        {
            return OperatorResult.Drop($"'{spec.Field}' is missing");
        }

        if (spec.MinWords is not null || spec.MaxWords is not null)
        {
            var words = TextMeasures.CountWords(text);
            if (words < spec.MinWords)
            {
                return OperatorResult.Drop($"fewer than {spec.MinWords} words in '{spec.Field}'", $"{words} words");
            }

            if (words > spec.MaxWords)
            {
                return OperatorResult.Drop($"more than {spec.MaxWords} words in '{spec.Field}'", $"{words} words");
            }
        }

        if (spec.MinChars is not null || spec.MaxChars is not null)
        {
            var chars = TextMeasures.CountChars(text);
            if (chars < spec.MinChars)
            {
                return OperatorResult.Drop($"fewer than {spec.MinChars} characters in '{spec.Field}'", $"{chars} characters");
            }

            if (chars > spec.MaxChars)
            {
                return OperatorResult.Drop($"more than {spec.MaxChars} characters in '{spec.Field}'", $"{chars} characters");
            }
        }

        return OperatorResult.Kept;
    }
}
