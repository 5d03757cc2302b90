using DatasetBuild.Core.Operators.Filters;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Engine;

/// <summary>The c4 preset: page rules drop, line rules clean, and the pipeline records both.</summary>
[TestClass]
public sealed class C4QualityTests
{
    private const string Article = """
        Home | About | Contact
        The harbour was rebuilt in the spring after the winter storms had damaged the old wall.
        Engineers worked through April and May to lay new stones along the northern side.
        Fishing boats returned to the quay in June, and the market reopened the same week.
        This site uses cookies to improve your experience.
        Local families came to watch the first catch being landed on a bright Saturday morning.
        The council thanked the workers with a small ceremony by the lighthouse [1].
        Please enable JavaScript to view the comments.
        Share
        """;

    [TestMethod]
    public void LineRulesRemoveBoilerplateAndKeepTheProse()
    {
        var outcome = C4Rules.Apply(Article, C4Rules.Defaults);
        Assert.IsNull(outcome.Rule, outcome.Detail);
        Assert.AreEqual(4, outcome.RemovedLines, outcome.Text);
        StringAssert.StartsWith(outcome.Text, "The harbour was rebuilt");
        Assert.DoesNotContain("cookies", outcome.Text);
        Assert.DoesNotContain("JavaScript", outcome.Text);
        Assert.DoesNotContain("Home | About", outcome.Text);
        Assert.DoesNotContain("[1]", outcome.Text);
        StringAssert.EndsWith(outcome.Text, "by the lighthouse.");
    }

    [TestMethod]
    public void PageRulesDropTheRecordAndNameTheRule()
    {
        Assert.AreEqual("lorem_ipsum", C4Rules.Apply("Lorem ipsum dolor sit amet. " + Article, C4Rules.Defaults).Rule);
        Assert.AreEqual("curly_bracket", C4Rules.Apply(Article + "\nfunction f() { return 1; }", C4Rules.Defaults).Rule);
        var thin = C4Rules.Apply("One good sentence is here.\nAnother one follows it.\nnav link", C4Rules.Defaults);
        Assert.AreEqual("min_sentences", thin.Rule);
        Assert.AreEqual("2 sentences after line rules", thin.Detail);
    }

    [TestMethod]
    public void EveryRuleCanBeTurnedOffOrRetuned()
    {
        var relaxed = new Dictionary<string, double>(C4Rules.Defaults) { ["curly_bracket"] = 0, ["min_sentences"] = 0, ["terminal_punctuation"] = 0 };
        var outcome = C4Rules.Apply("a line without a full stop\nfunction f() { return 1; }", relaxed);
        Assert.IsNull(outcome.Rule, outcome.Detail);
        Assert.AreEqual(0, outcome.RemovedLines);
    }

    [TestMethod]
    public void ThePipelineWritesTheCleanedTextAndNotesTheRemovedLines()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", """
            name: c4
            version: 1.0.0
            schema:
              text: string
            sources:
              - name: web
                path: data/*.jsonl
                id: key
                license: MIT
                provenance: { permissions: [train] }
            filters:
              - quality: { preset: c4, field: text, min_sentences: 3 }
            outputs:
              - format: jsonl
            """);
        var article = System.Text.Json.JsonSerializer.Serialize(Article);
        dir.Write("data/a.jsonl", $$"""
            {"key": "page", "text": {{article}}}
            {"key": "lorem", "text": "Lorem ipsum dolor sit amet. It goes on. And on. And on."}
            {"key": "clean", "text": "The first sentence is fine. The second one too. And a third one ends it."}
            """);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var texts = File.ReadAllLines(dir.Combine("out/data/all.jsonl"))
            .Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("text").GetString()!);
        CollectionAssert.AreEquivalent(new[] { "page", "clean" }, texts.Keys.ToArray());
        Assert.AreEqual(C4Rules.Apply(Article, new Dictionary<string, double>(C4Rules.Defaults) { ["min_sentences"] = 3 }).Text, texts["page"]);
        Assert.AreEqual("The first sentence is fine. The second one too. And a third one ends it.", texts["clean"], "a clean record is unchanged");
        var lineage = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")).ToDictionary(r => (string)r["record_id"]!);
        Assert.AreEqual("c4 removed 4 lines", lineage["page"]["notes"]);
        Assert.IsNull(lineage["clean"]["notes"]);
        Assert.AreEqual("quality c4: lorem_ipsum (contains 'lorem ipsum')", lineage["lorem"]["reason"]);
    }
}
