using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Spec.Yaml;

/// <summary>A YAML node with the place it starts in the spec file, so every error can point at it.</summary>
public abstract class YamlNodeBase(SourceLocation location)
{
    public SourceLocation Location { get; } = location;

    /// <summary>How many nodes this one stands for with every alias expanded (alias bombs show up here).</summary>
    public long ExpandedSize { get; internal set; } = 1;

    /// <summary>What the user sees when a value has the wrong type: "a mapping", "a list", "null", or a scalar's own text quoted ("'seven'").</summary>
    public abstract string KindName { get; }
}

public sealed class YamlScalar(SourceLocation location, string value, bool isPlain) : YamlNodeBase(location)
{
    public string Value { get; } = value;

    /// <summary>True for unquoted scalars; only those can mean null, true/false or numbers.</summary>
    public bool IsPlain { get; } = isPlain;

    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string KindName => IsNull ? "null" : Value.Length == 0 ? "an empty string" : $"'{Shown(Value)}'";

    /// <summary>The scalar on one line of at most 40 characters: a diagnostic is one line, and a surrogate pair is not cut.</summary>
    private static string Shown(string value)
    {
        var firstLine = value.AsSpan().IndexOfAny('\r', '\n') is var end and >= 0 ? value[..end] + "…" : value;
        if (firstLine.Length <= 40)
        {
            return firstLine;
        }

        var cut = char.IsHighSurrogate(firstLine[39]) ? 39 : 40;
        return firstLine[..cut] + "…";
    }
}

public sealed class YamlSequence(SourceLocation location, IReadOnlyList<YamlNodeBase> items) : YamlNodeBase(location)
{
    public IReadOnlyList<YamlNodeBase> Items { get; } = items;

    public override string KindName => "a list";
}

public sealed class YamlMapping(SourceLocation location, IReadOnlyList<KeyValuePair<YamlScalar, YamlNodeBase>> entries)
    : YamlNodeBase(location)
{
    public IReadOnlyList<KeyValuePair<YamlScalar, YamlNodeBase>> Entries { get; } = entries;

    public override string KindName => "a mapping";

    public YamlNodeBase? this[string key] =>
        Entries.FirstOrDefault(e => e.Key.Value == key).Value;
}
