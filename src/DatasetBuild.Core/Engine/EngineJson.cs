using System.Text.Json;
using System.Text.Json.Serialization;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// Source-generated JSON metadata for what every build reads and writes (stage state, memos, stats, the dedup
/// summary, the manifest and the lock): the reflection-based serializers built and compiled theirs just in time in
/// every build, a few tens of milliseconds each time. The options that name keys stay where they were; they take
/// their metadata from here (<see cref="JsonSerializerOptions.TypeInfoResolver"/>).
/// </summary>
[JsonSerializable(typeof(PipelineState))]
[JsonSerializable(typeof(Dictionary<string, StageMemo.Remembered>))]
[JsonSerializable(typeof(SortedDictionary<string, StageMemo.Remembered>))]
[JsonSerializable(typeof(List<Operators.OperatorCounts>))]
[JsonSerializable(typeof(Stages.DedupSummary))]
[JsonSerializable(typeof(Provenance.Manifest))]
[JsonSerializable(typeof(Provenance.LockFile))]
[JsonSerializable(typeof(List<Assets.AssetDigests.Entry>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class EngineJson : JsonSerializerContext
{
    /// <summary>The default options (keys as declared), with this metadata: the context's own.</summary>
    /// <remarks>
    /// Not a static initializer of its own: it ran before the generated part's <c>Default</c> was set (static
    /// initializers of a partial class run in file order), so these options had no resolver and every memo, stats
    /// sidecar and dedup summary went through the reflection-based serializer, emitting its accessors at run time.
    /// </remarks>
    public static JsonSerializerOptions Plain => Default.Options;
}
