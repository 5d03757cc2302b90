using System.Text.Json;
using DatasetBuild.Core.Engine;

namespace DatasetBuild.Tests.Engine;

[TestClass]
public sealed class EngineJsonTests
{
    // The options every memo, stats sidecar and dedup summary is written with: without the generated resolver, the
    // reflection-based serializer emits accessors at run time in every build.
    [TestMethod]
    public void PlainOptionsUseTheGeneratedMetadata()
    {
        Assert.AreSame(EngineJson.Default, EngineJson.Plain.TypeInfoResolver);
        var info = EngineJson.Plain.GetTypeInfo(typeof(StageMemo.Remembered));
        Assert.AreSame(EngineJson.Default, info.OriginatingResolver);
        var json = JsonSerializer.Serialize(new StageMemo.Remembered("k", 1, "h", 2, []), EngineJson.Plain);
        Assert.AreEqual("{\"Key\":\"k\",\"Length\":1,\"ContentHash\":\"h\",\"Checksum\":2,\"Stats\":[]}", json);
    }
}
