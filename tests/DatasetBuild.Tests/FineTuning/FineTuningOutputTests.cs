using System.Text.Json;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Tests.Support;
using Microsoft.ML.Tokenizers;

namespace DatasetBuild.Tests.FineTuning;

[TestClass]
public sealed class FineTuningOutputTests
{
    private const string Spec = """
        name: ft
        version: 1.0.0
        task: { type: classification, input: text, target: label, labels: [billing, refund], tokenizer: o200k_base }
        schema:
          text: string
          label: string?
        sources:
          - name: tickets
            path: data/*.jsonl
            license: MIT
            provenance: { permissions: [train] }
        filters:
          - tokens: { max: 12 }
        labels:
          normalize: { money: refund }
          unknown: drop
        outputs:
          - format: parquet
          - { format: chat, system: "Classify the ticket.", user: "{text}", assistant: "{label}" }
          - format: instruction
        """;

    private const string Records = """
        {"text": "I was charged twice", "label": "billing"}
        {"text": "Please give my money back, the product never worked and support did not answer my three emails", "label": "money"}
        {"text": "Refund please", "label": "refund"}
        {"text": "No label here"}
        """;

    private static TempDirectory Project(string spec = Spec)
    {
        var dir = new TempDirectory();
        dir.Write("dataset.yaml", spec);
        dir.Write("data/a.jsonl", Records);
        return dir;
    }

    [TestMethod]
    public void ChatLinesAreValidMessagesOnePerKeptRecord()
    {
        using var dir = Project();
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var bytes = File.ReadAllBytes(dir.Combine("out/data/all.chat.jsonl"));
        Assert.IsTrue(System.Text.Unicode.Utf8.IsValid(bytes), "valid UTF-8");
        var lines = File.ReadAllLines(dir.Combine("out/data/all.chat.jsonl"));
        Assert.HasCount((int)manifest.Records.Kept, lines, "one line per kept record");
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var roles = json.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()).ToArray();
            CollectionAssert.AreEqual(new[] { "system", "user", "assistant" }, roles);
            var assistant = json.RootElement.GetProperty("messages")[2].GetProperty("content").GetString();
            Assert.IsFalse(string.IsNullOrWhiteSpace(assistant), "non-empty assistant turn");
        }

        var first = JsonDocument.Parse(lines[0]).RootElement.GetProperty("messages");
        Assert.AreEqual("Classify the ticket.", first[0].GetProperty("content").GetString());
        Assert.AreEqual("I was charged twice", first[1].GetProperty("content").GetString());
        Assert.AreEqual("billing", first[2].GetProperty("content").GetString());

        var instruction = JsonDocument.Parse(File.ReadAllLines(dir.Combine("out/data/all.instruction.jsonl"))[0]).RootElement;
        Assert.AreEqual("I was charged twice", instruction.GetProperty("input").GetString(), "input defaults to task.input");
        Assert.AreEqual("billing", instruction.GetProperty("output").GetString(), "output defaults to task.target");
    }

    [TestMethod]
    public void TokenBudgetDropsExactlyTheExamplesOverIt()
    {
        using var dir = Project();
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var tokenizer = TiktokenTokenizer.CreateForEncoding("o200k_base");
        int Count(string text, string label) =>
            tokenizer.CountTokens("Classify the ticket.") + tokenizer.CountTokens(text) + tokenizer.CountTokens(label);

        var lineage = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")).ToDictionary(r => (long)r["source_row"]!);
        var expectedOver = new (long Row, string Text, string Label)[]
        {
            (1, "I was charged twice", "billing"),
            (2, "Please give my money back, the product never worked and support did not answer my three emails", "refund"),
            (3, "Refund please", "refund"),
        };
        foreach (var (row, text, label) in expectedOver)
        {
            var tokens = Count(text, label);
            var over = tokens > 12;
            Assert.AreEqual(over ? "dropped" : "kept", lineage[row]["status"], $"row {row}: {tokens} tokens");
            if (over)
            {
                Assert.AreEqual($"more than 12 tokens ({tokens} tokens)", lineage[row]["reason"]);
            }
        }

        Assert.AreEqual("missing 'label' for the chat template", lineage[4]["reason"]);
        var split = manifest.Tokens!.Splits["all"];
        Assert.AreEqual("o200k_base", manifest.Tokens.Tokenizer);
        Assert.AreEqual(manifest.Records.Kept, split.Examples);
        Assert.AreEqual(expectedOver.Where(e => Count(e.Text, e.Label) <= 12).Sum(e => Count(e.Text, e.Label)), split.Total);
    }

    [TestMethod]
    public void ChangingOnlyATemplateReRendersWithoutTheEarlierStages()
    {
        using var dir = Project();
        InProcessBuild.Run(dir);
        dir.Write("dataset.yaml", Spec.Replace("Classify the ticket.", "Which team handles this ticket?"));
        var (manifest, _) = InProcessBuild.Run(dir);
        var cache = manifest!.Stages.ToDictionary(s => s.Name, s => s.Cache);
        Assert.AreEqual("hit", cache["ingest"]);
        Assert.AreEqual("hit", cache["labels"]);
        Assert.AreEqual("miss", cache["render"]);
        StringAssert.Contains(File.ReadAllText(dir.Combine("out/data/all.chat.jsonl")), "Which team handles this ticket?");
    }

    [TestMethod]
    public void TheCardMakesTheFolderLoadableAsAHuggingFaceDataset()
    {
        using var dir = Project();
        InProcessBuild.Run(dir);
        var card = File.ReadAllText(dir.Combine("out/README.md"));
        StringAssert.StartsWith(card, "---\n");
        StringAssert.Contains(card, "configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data/all.parquet\n");
        StringAssert.Contains(card, "- config_name: chat\n  data_files:\n  - split: train\n    path: data/all.chat.jsonl\n");
        StringAssert.Contains(card, "task_categories:\n- text-classification\n");
    }

    [TestMethod]
    [DataRow("user: \"{txt}\"", DiagnosticCodes.SpecUnknownField, "did you mean 'text'?")]
    [DataRow("user: \"{text\"", DiagnosticCodes.SpecBadValue, "is not closed")]
    public void TemplateErrorsAreLocated(string template, string code, string message)
    {
        var diagnostics = new DiagnosticBag();
        Core.Spec.SpecLoader.Parse(Spec.Replace("user: \"{text}\"", template), "dataset.yaml", diagnostics);
        var error = diagnostics.Items.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.AreEqual(code, error.Code);
        Assert.AreEqual(19, error.Line);
        StringAssert.Contains(error.Message, message);
    }

    [TestMethod]
    public void TokensFilterNeedsATokenizer()
    {
        var diagnostics = new DiagnosticBag();
        Core.Spec.SpecLoader.Parse(Spec.Replace(", tokenizer: o200k_base", ""), "dataset.yaml", diagnostics);
        var error = diagnostics.Items.Single(d => d.Severity == DiagnosticSeverity.Error);
        StringAssert.Contains(error.Message, "needs 'task.tokenizer'");
        Assert.AreEqual(13, error.Line);
    }
}
