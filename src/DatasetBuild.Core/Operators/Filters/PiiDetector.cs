using System.Text.RegularExpressions;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary>
/// Finds personal data in text: emails, phone numbers (9 to 15 digits), payment card numbers (13 to 19
/// digits passing the Luhn check), IPv4 addresses, IBANs (passing the ISO 13616 mod-97 check) and US social
/// security numbers. Spans never overlap: earlier kinds in <see cref="Order"/> win.
/// </summary>
public static partial class PiiDetector
{
    /// <summary>Checked in this order, so a card number is not also reported as a phone number.</summary>
    public static readonly string[] Order = ["email", "iban", "credit_card", "ssn", "ip", "phone"];

    public sealed record Span(string Kind, int Start, int Length);

    public static List<Span> Find(string text, IReadOnlyCollection<string> kinds)
    {
        var spans = new List<Span>();
        foreach (var kind in Order.Where(kinds.Contains))
        {
            foreach (Match match in PatternFor(kind).Matches(text))
            {
                if (Valid(kind, match.Value) && !spans.Any(s => match.Index < s.Start + s.Length && s.Start < match.Index + match.Length))
                {
                    spans.Add(new Span(kind, match.Index, match.Length));
                }
            }
        }

        return spans.OrderBy(s => s.Start).ToList();
    }

    private static Regex PatternFor(string kind) => kind switch
    {
        "email" => Email(),
        "iban" => Iban(),
        "credit_card" => Card(),
        "ssn" => Ssn(),
        "ip" => Ip(),
        _ => Phone(),
    };

    private static bool Valid(string kind, string value) => kind switch
    {
        "credit_card" => Luhn(Digits(value)),
        "iban" => IbanChecksum(value.Replace(" ", "", StringComparison.Ordinal)),
        "phone" => Digits(value).Length is >= 9 and <= 15,
        "ssn" => !value.StartsWith("000", StringComparison.Ordinal) && !value.StartsWith("666", StringComparison.Ordinal) && value[0] != '9',
        _ => true,
    };

    private static string Digits(string value) => new(value.Where(char.IsAsciiDigit).ToArray());

    /// <summary>The Luhn checksum of payment card numbers.</summary>
    public static bool Luhn(string digits)
    {
        if (digits.Length is < 13 or > 19)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }

    /// <summary>ISO 13616: move the first four characters to the end, letters to numbers, remainder mod 97 is 1.</summary>
    public static bool IbanChecksum(string iban)
    {
        if (iban.Length is < 15 or > 34)
        {
            return false;
        }

        var rearranged = iban[4..] + iban[..4];
        var remainder = 0;
        foreach (var c in rearranged)
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetterUpper(c) ? c - 'A' + 10 : -1;
            if (value < 0)
            {
                return false;
            }

            remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
        }

        return remainder == 1;
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Iban();

    [GeneratedRegex(@"(?<![\d-])(?:\d[ -]?){12,18}\d(?![\d-])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Card();

    [GeneratedRegex(@"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Ssn();

    [GeneratedRegex(@"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Ip();

    // Not part of a longer digit sequence: no digit (after at most one separator) on either side.
    [GeneratedRegex(@"(?<![\w+])(?<!\d[\s.-])\+?(?:\d[\s.()-]{0,2}){8,14}\d(?![\s.-]?\d)(?!\w)", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Phone();
}
