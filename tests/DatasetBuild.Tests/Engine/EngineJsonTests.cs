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

    [TestMethod]
    public void StateFilesAreWrittenAsTheStateOptionsAlwaysWroteThem()
    {
        var state = new PipelineState { SpecSha256 = "abc", DedupKey = "k" };
        var file = new FileState { Source = "s", Path = "data/a.jsonl", Sha256 = "00", Size = 12, Records = 3, IngestHash = "h" };
        file.Entries["ingest"] = "e1";
        state.Files.Add(file);
        state.Stages.Add(new StageReport { Name = "ingest", Kind = "ingest", RecordsIn = 3, RecordsOut = 2, Seconds = 0.5, Cache = "hit" });
        state.Stages[0].Dropped["reason"] = 1;
        var before = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = true,
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = EngineJson.Default,
        };

        using var dir = new Support.TempDirectory();
        var path = dir.Combine("x.state.json");
        state.Save(path);
        Assert.AreEqual(JsonSerializer.Serialize(state, before), File.ReadAllText(path));
        Assert.AreEqual("k", PipelineState.TryLoad(path)!.DedupKey);
    }
}
