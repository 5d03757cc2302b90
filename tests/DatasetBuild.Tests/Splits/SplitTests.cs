using System.Text;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Spec;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Splits;

[TestClass]
public sealed class SplitTests
{
    private const string Spec = """
        name: split
        version: 1.0.0
        task: { type: classification, input: text, target: label, labels: [a, b, c] }
        schema:
          text: string
          label: string?
          user: string?
        sources:
          - name: notes
            path: data/*.jsonl
            license: MIT
            provenance: { permissions: [train] }
        dedup:
          exact: { fields: [text], normalize: true }
        splits:
          ratios: { train: 0.8, validation: 0.1, test: 0.1 }
          stratify_by: label
          group_by: user
          seed: 42
        outputs:
          - format: parquet
          - format: jsonl
        """;

    private static string Records(int from, int count, bool grouped)
    {
        var builder = new StringBuilder();
        for (var i = from; i < from + count; i++)
        {
            var user = grouped && i % 10 == 0 ? "\"shared-user\"" : "null";
            builder.Append($"{{\"text\": \"record number {i}\", \"label\": \"{"abc"[i % 3]}\", \"user\": {user}}}\n");
        }

        return builder.ToString();
    }

    private static Dictionary<string, string> SplitsById(TempDirectory dir) =>
        ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet"))
            .Where(r => (string)r["status"]! == "kept")
            .ToDictionary(r => (string)r["record_id"]!, r => (string)r["split"]!);

    [TestMethod]
    public void RecordsLandInStableSplitsWithTheRatiosAndGroupsTogether()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        dir.Write("data/a.jsonl", Records(0, 3000, grouped: true));
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));

        var splits = SplitsById(dir);
        Assert.AreEqual(3000, splits.Count);
        Assert.AreEqual(0.8, splits.Values.Count(s => s == "train") / 3000.0, 0.03);
        Assert.AreEqual(0.1, splits.Values.Count(s => s == "test") / 3000.0, 0.03);
        foreach (var split in new[] { "train", "validation", "test" })
        {
            var rows = ParquetTestReader.ReadAll(dir.Combine($"out/data/{split}.parquet"));
            Assert.AreEqual(manifest.Splits!.Counts[split], rows.Count);
            Assert.AreEqual(rows.Count, File.ReadAllLines(dir.Combine($"out/data/{split}.jsonl")).Length);
        }

        var grouped = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet"))
            .Where(r => (string)r["status"]! == "kept")
            .Join(ParquetTestReader.ReadAll(dir.Combine("out/data/train.parquet")).Concat(ParquetTestReader.ReadAll(dir.Combine("out/data/validation.parquet"))).Concat(ParquetTestReader.ReadAll(dir.Combine("out/data/test.parquet"))),
                l => (string)l["record_id"]!, d => (string)d["id"]!, (l, d) => (User: d["user"] as string, Split: (string)l["split"]!))
            .Where(x => x.User == "shared-user")
            .Select(x => x.Split)
            .Distinct()
            .ToList();
        Assert.HasCount(1, grouped, "a group never straddles splits");
        Assert.AreEqual(0L, manifest.Splits!.Leakage.DuplicateTextsAcrossSplits);
        Assert.AreEqual(3, manifest.Splits.Strata!.Count, "counts per label");
        StringAssert.Contains(File.ReadAllText(dir.Combine("out/README.md")), "  - split: validation\n    path: data/validation.parquet\n");

        // Adding a file moves no existing record to another split.
        dir.Write("data/b.jsonl", Records(3000, 500, grouped: false));
        (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var after = SplitsById(dir);
        Assert.AreEqual(3500, after.Count);
        foreach (var (id, split) in splits)
        {
            Assert.AreEqual(split, after[id], $"record {id} moved");
        }
    }

    [TestMethod]
    public void TextsInMoreThanOneSplitAreCountedAcrossJobsAndIncrementalBuilds()
    {
        // Without dedup, a text repeated by different users (groups) lands in several splits: the leakage check counts it
        // once, however many files (emit jobs) hold its copies.
        static string Posts(int file, int count) => string.Concat(Enumerable.Range(0, count).Select(i =>
            $"{{\"text\": \"Shared text {((file * count) + i) % 700}\", \"label\": \"{"abc"[i % 3]}\", \"user\": \"u{file}-{i}\"}}\n"));
        static int Leaked(TempDirectory dir) => new[] { "train", "validation", "test" }
            .SelectMany(split => ParquetTestReader.ReadAll(dir.Combine($"out/data/{split}.parquet")).Select(r => (Text: (string)r["text"]!, Split: split)))
            .GroupBy(r => r.Text)
            .Count(g => g.Select(r => r.Split).Distinct().Count() > 1);
        var spec = Spec.Replace("dedup:\n  exact: { fields: [text], normalize: true }\n", "");

        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", spec);
        for (var file = 0; file < 3; file++)
        {
            dir.Write($"data/f{file}.jsonl", Posts(file, 1500));
        }

        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        Assert.IsGreaterThanOrEqualTo(3L, manifest.Emit!.Jobs, "the copies of a text are spread over several jobs");
        Assert.IsFalse(manifest.Stages.Any(s => s.Kind == "dedup"), "no dedup: the copies stay");
        var leaked = Leaked(dir);
        Assert.IsGreaterThan(100, leaked);
        Assert.AreEqual(leaked, manifest.Splits!.Leakage.DuplicateTextsAcrossSplits);

        dir.Write("data/f3.jsonl", Posts(3, 1500));
        (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        Assert.AreEqual(manifest.Emit!.Jobs - 1, manifest.Emit.Reused);
        Assert.AreEqual(Leaked(dir), manifest.Splits!.Leakage.DuplicateTextsAcrossSplits);
    }

    [TestMethod]
    [DataRow("ratios: { train: 0.8, validation: 0.1, test: 0.1 }", "ratios: { train: 0.8, test: 0.3 }", "add up to 1")]
    [DataRow("group_by: user", "group_by: usr", "did you mean 'user'?")]
    [DataRow("ratios: { train: 0.8, validation: 0.1, test: 0.1 }", "ratios: { Train: 1 }", "lower-case")]
    [DataRow("ratios: { train: 0.8, validation: 0.1, test: 0.1 }", "ratios: { train: 0.8, validation: 0.1, all: 0.1 }", "'all' is reserved")]
    public void BadSplitsAreLocatedErrors(string from, string to, string message)
    {
        var diagnostics = new DiagnosticBag();
        Assert.IsNull(SpecLoader.Parse(Spec.Replace(from, to), "dataset.yaml", diagnostics));
        var error = diagnostics.Items.Single(d => d.Severity == DiagnosticSeverity.Error);
        StringAssert.Contains(error.Message, message);
        Assert.IsGreaterThan(13, error.Line);
    }
}
