using DatasetBuild.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace DatasetBuild.Core.Spec.Yaml;

/// <summary>
/// Reads YAML text into located nodes with YamlDotNet's event parser. Duplicate keys and syntax
/// errors become DSB diagnostics; anchors and aliases are resolved; only the first document is read.
/// </summary>
public sealed class YamlTreeReader
{
    /// <summary>Limits that make hostile YAML (alias bombs, deep nesting, huge scalars) fail fast with DSB1016.</summary>
    public const int MaxDepth = 64;
    public const int MaxAliases = 256;
    public const int MaxScalarLength = 1 << 20;
    public const long MaxExpandedNodes = 100_000;

    private readonly string _file;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, YamlNodeBase> _anchors = new(StringComparer.Ordinal);
    private int _depth;
    private SourceLocation _lastLocation;
    private int _aliases;

    private YamlTreeReader(string file, DiagnosticBag diagnostics)
    {
        _file = file;
        _diagnostics = diagnostics;
    }

    /// <summary>Parses <paramref name="text"/>; returns null when the text is not valid YAML.</summary>
    public static YamlNodeBase? Read(string text, string file, DiagnosticBag diagnostics)
    {
        var reader = new YamlTreeReader(file, diagnostics) { _lastLocation = new SourceLocation(file, 1, 1) };
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            if (!parser.TryConsume<DocumentStart>(out _))
            {
                return null;
            }

            var root = reader.ReadNode(parser);
            return root;
        }
        catch (RefusedYamlException ex)
        {
            diagnostics.Error(DiagnosticCodes.SpecRefused, ex.Location, ex.Message);
            return null;
        }
        catch (YamlException ex)
        {
            diagnostics.Error(
                DiagnosticCodes.SpecSyntax,
                new SourceLocation(file, (int)ex.Start.Line, (int)ex.Start.Column),
                $"invalid YAML: {FirstSentence(ex.Message)}");
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner fails these ways on some malformed input (found by fuzzing: an invalid state; a
            // global tag such as `!!ev]E` that is not a valid URI).
            diagnostics.Error(DiagnosticCodes.SpecSyntax, reader._lastLocation, "invalid YAML after this point");
            return null;
        }
    }

    private YamlNodeBase ReadNode(IParser parser)
    {
        var current = parser.Current ?? throw new YamlException("unexpected end of the document");
        var location = new SourceLocation(_file, (int)current.Start.Line, (int)current.Start.Column);
        _lastLocation = location;
        if (++_depth > MaxDepth)
        {
            throw new RefusedYamlException(location, $"the spec nests deeper than {MaxDepth} levels");
        }

        try
        {
            var node = ReadNodeAt(parser, current, location);
            if (node.ExpandedSize > MaxExpandedNodes)
            {
                throw new RefusedYamlException(location, $"the spec expands to more than {MaxExpandedNodes} values through its aliases");
            }

            return node;
        }
        finally
        {
            _depth--;
        }
    }

    private YamlNodeBase ReadNodeAt(IParser parser, ParsingEvent current, SourceLocation location)
    {
        switch (current)
        {
            case AnchorAlias alias:
                if (++_aliases > MaxAliases)
                {
                    throw new RefusedYamlException(location, $"the spec uses more than {MaxAliases} aliases");
                }

                parser.MoveNext();
                if (_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    return target;
                }

                throw new YamlException(current.Start, current.End, $"unknown alias '*{alias.Value.Value}'");
            case Scalar scalar:
                if (scalar.Value.Length > MaxScalarLength)
                {
                    throw new RefusedYamlException(location, $"a value in the spec is longer than {MaxScalarLength} characters");
                }

                parser.MoveNext();
                return Remember(scalar.Anchor, new YamlScalar(location, scalar.Value, scalar.Style == ScalarStyle.Plain));
            case SequenceStart start:
                parser.MoveNext();
                var items = new List<YamlNodeBase>();
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    items.Add(ReadNode(parser));
                }

                return Remember(start.Anchor, new YamlSequence(location, items) { ExpandedSize = 1 + items.Sum(i => i.ExpandedSize) });
            case MappingStart mapStart:
                parser.MoveNext();
                var mapping = ReadMapping(parser, location);
                mapping.ExpandedSize = 1 + mapping.Entries.Sum(e => e.Key.ExpandedSize + e.Value.ExpandedSize);
                return Remember(mapStart.Anchor, mapping);
            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private YamlMapping ReadMapping(IParser parser, SourceLocation location)
    {
        var entries = new List<KeyValuePair<YamlScalar, YamlNodeBase>>();
        var seen = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            var keyNode = ReadNode(parser);
            var value = ReadNode(parser);
            if (keyNode is not YamlScalar key)
            {
                _diagnostics.Error(DiagnosticCodes.SpecWrongType, keyNode.Location, "a mapping key must be a plain name");
                continue;
            }

            if (seen.TryGetValue(key.Value, out var first))
            {
                _diagnostics.Error(
                    DiagnosticCodes.SpecDuplicateKey,
                    key.Location,
                    $"duplicate key '{key.Value}' (first defined at line {first.Location.Line})");
                continue;
            }

            seen.Add(key.Value, key);
            entries.Add(new(key, value));
        }

        return new YamlMapping(location, entries);
    }

    private YamlNodeBase Remember(AnchorName anchor, YamlNodeBase node)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.Value] = node;
        }

        return node;
    }

    private static string FirstSentence(string message)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (…): "; the location is ours to print.
        var marker = message.IndexOf("): ", StringComparison.Ordinal);
        return marker >= 0 ? message[(marker + 3)..] : message;
    }

    private sealed class RefusedYamlException(SourceLocation location, string message) : Exception(message)
    {
        public SourceLocation Location { get; } = location;
    }
}
