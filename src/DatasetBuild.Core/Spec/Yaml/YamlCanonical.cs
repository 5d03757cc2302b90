using System.Text;

namespace DatasetBuild.Core.Spec.Yaml;

/// <summary>
/// A formatting-independent text form of a YAML subtree (keys sorted, comments and layout gone), valid
/// JSON with every scalar a string: the "stage config" part of cache keys (reformatting the spec never
/// invalidates the cache) and the stage parameters the manifest reports.
/// </summary>
public static class YamlCanonical
{
    public static string Of(YamlNodeBase? node)
    {
        var builder = new StringBuilder();
        Append(builder, node);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, YamlNodeBase? node)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case YamlScalar { IsNull: true }:
                builder.Append("null");
                break;
            case YamlScalar scalar:
                // The escaping JsonSerializer.Serialize(string) gives, without starting the reflection-based serializer.
                builder.Append('"').Append(System.Text.Json.JsonEncodedText.Encode(scalar.Value).Value).Append('"');
                break;
            case YamlSequence sequence:
                builder.Append('[');
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Append(builder, sequence.Items[i]);
                }

                builder.Append(']');
                break;
            case YamlMapping mapping:
                builder.Append('{');
                var first = true;
                foreach (var entry in mapping.Entries.OrderBy(e => e.Key.Value, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    Append(builder, entry.Key);
                    builder.Append(':');
                    Append(builder, entry.Value);
                }

                builder.Append('}');
                break;
        }
    }
}
