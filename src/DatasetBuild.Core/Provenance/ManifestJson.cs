using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DatasetBuild.Core.Provenance;

/// <summary>How manifest.json is written and read: snake_case keys, indented, nulls omitted.</summary>
public static class ManifestJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = Engine.EngineJson.Default,
    };

    public static byte[] Serialize(Manifest manifest) => JsonSerializer.SerializeToUtf8Bytes(manifest, Options);

    public static Manifest? Read(string path) => JsonSerializer.Deserialize<Manifest>(File.ReadAllBytes(path), Options);
}
