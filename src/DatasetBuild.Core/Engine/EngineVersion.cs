using System.Reflection;

namespace DatasetBuild.Core.Engine;

/// <summary>Versions that enter cache keys and the manifest.</summary>
public static class EngineVersion
{
    /// <summary>Bump whenever a stage's output for the same input and config changes; it invalidates every cache entry.</summary>
    public const string CacheFormat = "dsb-engine-16";

    /// <summary>The tool version printed in manifest.json.</summary>
    public static string Tool { get; } =
        typeof(EngineVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
