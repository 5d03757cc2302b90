using System.Globalization;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Core.Spec.Yaml;

/// <summary>
/// Reads the keys of one spec mapping with type checks. Every key asked for is "known"; <see cref="Finish"/>
/// reports any other key as unknown, with the closest known key as a suggestion.
/// </summary>
public sealed class MappingReader
{
    private readonly YamlMapping _mapping;
    private readonly string _context;
    private readonly DiagnosticBag _diagnostics;
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public MappingReader(YamlMapping mapping, string context, DiagnosticBag diagnostics)
    {
        _mapping = mapping;
        _context = context;
        _diagnostics = diagnostics;
    }

    public YamlMapping Mapping => _mapping;

    public DiagnosticBag Diagnostics => _diagnostics;

    /// <summary>Where a key's value starts, or the mapping itself when the key is absent.</summary>
    public SourceLocation LocationOf(string key) => Node(key)?.Location ?? _mapping.Location;

    public SourceLocation KeyLocationOf(string key) =>
        _mapping.Entries.FirstOrDefault(e => e.Key.Value == key).Key?.Location ?? _mapping.Location;

    public YamlNodeBase? Node(string key)
    {
        _known.Add(key);
        var node = _mapping[key];
        return node is YamlScalar { IsNull: true } ? null : node;
    }

    public bool Has(string key) => Node(key) is not null;

    public YamlNodeBase? Required(string key)
    {
        var node = Node(key);
        if (node is null)
        {
            _diagnostics.Error(DiagnosticCodes.SpecMissingKey, _mapping.Location, $"missing required key '{key}' in {_context}");
        }

        return node;
    }

    public string? String(string key, bool required = false)
    {
        var node = required ? Required(key) : Node(key);
        return node is null ? null : AsString(node, key);
    }

    public string? AsString(YamlNodeBase node, string what)
    {
        if (node is YamlScalar scalar)
        {
            return scalar.Value;
        }

        WrongType(node, what, "a string");
        return null;
    }

    public int? Int(string key, int min = int.MinValue)
    {
        var node = Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalar s && int.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            if (value < min)
            {
                _diagnostics.Error(DiagnosticCodes.SpecBadValue, node.Location, $"'{key}' in {_context} must be at least {min}, not {value}");
                return null;
            }

            return value;
        }

        WrongType(node, key, "a whole number");
        return null;
    }

    public double? Double(string key, double min = double.MinValue, double max = double.MaxValue)
    {
        var node = Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalar s && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
        {
            if (value < min || value > max)
            {
                _diagnostics.Error(DiagnosticCodes.SpecBadValue, node.Location, $"'{key}' in {_context} must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}");
                return null;
            }

            return value;
        }

        WrongType(node, key, "a number");
        return null;
    }

    public bool? Bool(string key)
    {
        var node = Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalar { IsPlain: true } s)
        {
            switch (s.Value)
            {
                case "true" or "True" or "TRUE" or "yes" or "on":
                    return true;
                case "false" or "False" or "FALSE" or "no" or "off":
                    return false;
            }
        }

        WrongType(node, key, "true or false");
        return null;
    }

    /// <summary>Reads one of a fixed set of words; an unknown word is an error listing the allowed ones.</summary>
    public string? OneOf(string key, IReadOnlyList<string> allowed, bool required = false)
    {
        var node = required ? Required(key) : Node(key);
        if (node is null)
        {
            return null;
        }

        var value = AsString(node, key);
        if (value is null)
        {
            return null;
        }

        if (allowed.Contains(value, StringComparer.Ordinal))
        {
            return value;
        }

        _diagnostics.Error(
            DiagnosticCodes.SpecBadValue,
            node.Location,
            $"'{value}' is not a valid '{key}' in {_context}; expected one of: {string.Join(", ", allowed)}{EditDistance.Suggestion(value, allowed)}");
        return null;
    }

    /// <summary>A list of strings; a single scalar is accepted as a one-item list.</summary>
    public IReadOnlyList<string>? StringList(string key, bool required = false)
    {
        var node = required ? Required(key) : Node(key);
        return node is null ? null : AsStringList(node, key);
    }

    public IReadOnlyList<string>? AsStringList(YamlNodeBase node, string what)
    {
        switch (node)
        {
            case YamlScalar scalar:
                return [scalar.Value];
            case YamlSequence sequence:
                var values = new List<string>();
                foreach (var item in sequence.Items)
                {
                    if (AsString(item, what) is { } value)
                    {
                        values.Add(value);
                    }
                }

                return values;
            default:
                WrongType(node, what, "a list of strings");
                return null;
        }
    }

    public YamlMapping? MappingOf(string key, bool required = false)
    {
        var node = required ? Required(key) : Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlMapping mapping)
        {
            return mapping;
        }

        WrongType(node, key, "a mapping");
        return null;
    }

    public YamlSequence? SequenceOf(string key, bool required = false)
    {
        var node = required ? Required(key) : Node(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlSequence sequence)
        {
            return sequence;
        }

        WrongType(node, key, "a list");
        return null;
    }

    /// <summary>A key of the v1 language whose operator is not built yet: an error, never silently ignored.</summary>
    public void NotSupportedYet(string key)
    {
        _known.Add(key);
        if (_mapping.Entries.Any(e => e.Key.Value == key))
        {
            _diagnostics.Error(DiagnosticCodes.SpecNotSupportedYet, KeyLocationOf(key), $"'{key}' is not supported yet (in {_context})");
        }
    }

    /// <summary>Reports every key that no reader method asked for.</summary>
    public void Finish()
    {
        foreach (var (key, _) in _mapping.Entries)
        {
            if (!_known.Contains(key.Value))
            {
                _diagnostics.Error(
                    DiagnosticCodes.SpecUnknownKey,
                    key.Location,
                    $"unknown key '{key.Value}' in {_context}{EditDistance.Suggestion(key.Value, _known)}");
            }
        }
    }

    private void WrongType(YamlNodeBase node, string key, string expected) =>
        _diagnostics.Error(DiagnosticCodes.SpecWrongType, node.Location, $"'{key}' in {_context} must be {expected}, not {node.KindName}");
}
