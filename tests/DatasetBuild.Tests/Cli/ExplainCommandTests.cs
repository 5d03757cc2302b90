using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Cli;

[TestClass]
[DoNotParallelize]
public sealed class ExplainCommandTests
{
    private const string Spec = """
        name: explained
        version: 1.0.0
        task: { type: classification, input: text, target: label, labels: [a, b] }
        schema:
          text: string
          label: string?
        sources:
          - name: notes
            path: data/*.jsonl
            id: key
            license: CC-BY-4.0
            provenance: { permissions: [train] }
        labels:
          normalize: { A: a }
          unknown: drop
        dedup:
          exact: { fields: [text], normalize: true }
        """;

    [TestMethod]
    public void ExplainsADroppedDuplicateAndAKeptRecord()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        dir.Write("data/notes.jsonl", "{\"key\": \"k1\", \"text\": \"Hello there\", \"label\": \"A\"}\n{\"key\": \"k2\", \"text\": \"hello, THERE!\", \"label\": \"a\"}\n");
        Assert.IsNotNull(InProcessBuild.Run(dir).Manifest);

        var (exit, output, error) = DsbRunner.Run("explain", "k2", "--output", dir.Combine("out"));
        Assert.AreEqual(0, exit, error);
        StringAssert.Contains(output, "Record k2: source 'notes' (CC-BY-4.0), data/notes.jsonl row 2.");
        StringAssert.Contains(output, "Dropped at stage 'dedup.exact': exact duplicate.");
        StringAssert.Contains(output, "It duplicates record k1 (data/notes.jsonl row 1), which was kept.");

        (exit, output, _) = DsbRunner.Run("explain", "k1", "--output", dir.Combine("out"));
        Assert.AreEqual(0, exit);
        StringAssert.Contains(output, "Kept, in split 'all'.");
        StringAssert.Contains(output, "Label 'a' (normalised from a variant in the source).");

        (exit, output, _) = DsbRunner.Run("explain", "k1", "--output", dir.Combine("out"), "--format", "json");
        Assert.AreEqual(0, exit);
        StringAssert.Contains(output, "\"record_id\": \"k1\"");

        (exit, _, error) = DsbRunner.Run("explain", "missing", "--output", dir.Combine("out"));
        Assert.AreEqual(1, exit);
        StringAssert.Contains(error, "no record with id 'missing'");
    }
}
