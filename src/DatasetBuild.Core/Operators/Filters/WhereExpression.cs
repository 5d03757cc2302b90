using System.Globalization;
using System.Text.RegularExpressions;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Text;
using NCalc;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary>
/// A <c>where</c> expression, evaluated by NCalc with the record's fields as parameters.
/// Strings compare ordinally; a missing value is <c>null</c>. Extra functions: len, lower, upper,
/// trim, contains, startswith, endswith, matches (regex), words.
/// </summary>
public sealed class WhereExpression
{
    private const ExpressionOptions Options =
        ExpressionOptions.NoCache | ExpressionOptions.AllowNullParameter | ExpressionOptions.OrdinalStringComparer;

    private static readonly string[] BuiltInFunctions =
    [
        "abs", "acos", "asin", "atan", "ceiling", "cos", "exp", "floor", "ieeeremainder", "ln", "log", "log10",
        "max", "min", "pow", "round", "sign", "sin", "sqrt", "tan", "truncate", "if", "in",
    ];

    private static readonly string[] OwnFunctions = ["len", "lower", "upper", "trim", "contains", "startswith", "endswith", "matches", "words"];

    private readonly string _text;
    private readonly Expression _expression;
    private readonly (string Name, int Index)[] _parameters;

    public WhereExpression(string text, RecordSchema schema)
    {
        _text = text;
        _expression = Create(text);
        _parameters = _expression.GetParameterNames()
            .Distinct(StringComparer.Ordinal)
            .Where(p => p != "null")
            .Select(p => (p, p == RecordSchema.IdField ? -1 : schema.IndexOf(p)))
            .ToArray();
        _expression.Parameters["null"] = null;
        RegisterFunctions(_expression);
    }

    /// <summary>Null when the expression parses and names only known fields and functions; else the problem.</summary>
    public static string? Validate(string text, RecordSchema schema)
    {
        var expression = Create(text);
        if (expression.HasErrors())
        {
            return $"cannot parse the expression \"{text}\": {expression.Error?.Message}";
        }

        foreach (var parameter in expression.GetParameterNames().Where(p => p != "null" && !schema.Contains(p)))
        {
            return $"the expression names '{parameter}', which is not a field of the schema{EditDistance.Suggestion(parameter, schema.ReferableNames)}";
        }

        var known = BuiltInFunctions.Concat(OwnFunctions).ToArray();
        foreach (var function in expression.GetFunctionNames().Where(f => !known.Contains(f.ToLowerInvariant())))
        {
            return $"unknown function '{function}' in the expression{EditDistance.Suggestion(function, OwnFunctions)}";
        }

        return null;
    }

    /// <summary>Evaluates for one record; a non-boolean result is an error the caller locates.</summary>
    public bool Evaluate(Record record)
    {
        foreach (var (name, index) in _parameters)
        {
            _expression.Parameters[name] = index < 0 ? record.Id : record[index];
        }

        return _expression.Evaluate() switch
        {
            bool b => b,
            var other => throw new InvalidOperationException($"the expression must give true or false, not '{Convert.ToString(other, CultureInfo.InvariantCulture)}'"),
        };
    }

    /// <summary>
    /// Evaluates for one record; any failure (a type error, a non-boolean result, a regex timeout) becomes
    /// DSB2004 at <paramref name="at"/>, naming <paramref name="owner"/>, the expression and the record.
    /// </summary>
    public bool EvaluateAt(Record record, SourceLocation at, string owner)
    {
        try
        {
            return Evaluate(record);
        }
        catch (Exception ex) when (ex is not DatasetBuildException)
        {
            throw DatasetBuildException.At(DiagnosticCodes.SourceBadValue, at, $"{owner} cannot evaluate \"{_text}\" on record '{record.Id}': {ex.Message}");
        }
    }

    private static Expression Create(string text) => new(text, CultureInfo.InvariantCulture) { Options = Options };

    private static void RegisterFunctions(Expression expression)
    {
        static string? Str(object? value) => value switch
        {
            null => null,
            string s => s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };

        expression.Functions["len"] = args => (long)(Str(args.Evaluate(0)) is { } s ? TextMeasures.CountChars(s) : 0);
        expression.Functions["words"] = args => (long)(Str(args.Evaluate(0)) is { } s ? TextMeasures.CountWords(s) : 0);
        expression.Functions["lower"] = args => Str(args.Evaluate(0))?.ToLowerInvariant();
        expression.Functions["upper"] = args => Str(args.Evaluate(0))?.ToUpperInvariant();
        expression.Functions["trim"] = args => Str(args.Evaluate(0))?.Trim();
        expression.Functions["contains"] = args =>
            Str(args.Evaluate(0)) is { } s && Str(args.Evaluate(1)) is { } part && s.Contains(part, StringComparison.Ordinal);
        expression.Functions["startswith"] = args =>
            Str(args.Evaluate(0)) is { } s && Str(args.Evaluate(1)) is { } part && s.StartsWith(part, StringComparison.Ordinal);
        expression.Functions["endswith"] = args =>
            Str(args.Evaluate(0)) is { } s && Str(args.Evaluate(1)) is { } part && s.EndsWith(part, StringComparison.Ordinal);
        expression.Functions["matches"] = args =>
            Str(args.Evaluate(0)) is { } s && Str(args.Evaluate(1)) is { } pattern
            && Regex.IsMatch(s, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
