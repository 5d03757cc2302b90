using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Spec;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Output;

/// <summary><c>outputs[].compression</c>: the codec of a parquet output's pages, zstd unless the spec names another.</summary>
[TestClass]
public sealed class ParquetCompressionTests
{
    private static string Spec(string output) => SpecText.Minimal.Replace("path: data/*.jsonl", "path: data/*.jsonl\n    id: id") + $"""

        dedup:
          exact: {"{"} fields: [text] {"}"}
        outputs:
          - {output}
          - format: jsonl
        """;

    private static TempDirectory Project(string output)
    {
        var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec(output));
        dir.Write("data/a.jsonl", string.Concat(Enumerable.Range(0, 3000).Select(i => $"{{\"id\": \"r{i}\", \"text\": \"note {i % 2500} about the {i % 2500 % 13} things we saw\", \"label\": \"{(i % 3 == 0 ? "a" : "b")}\"}}\n")));
        return dir;
    }

    [TestMethod]
    [DataRow("format: parquet", "ZSTD")]
    [DataRow("{ format: parquet, compression: zstd }", "ZSTD")]
    [DataRow("{ format: parquet, compression: snappy }", "SNAPPY")]
    [DataRow("{ format: parquet, compression: gzip }", "GZIP")]
    [DataRow("{ format: parquet, compression: none }", "UNCOMPRESSED")]
    public void EveryCodecWritesTheSameRecordsAndContentHash(string output, string codec)
    {
        using var reference = Project("{ format: parquet, compression: none }");
        var (plain, _) = InProcessBuild.Run(reference);
        using var dir = Project(output);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));

        CollectionAssert.AreEqual(new[] { codec }, ParquetTestReader.Codecs(dir.Combine("out/data/all.parquet")).ToArray());
        CollectionAssert.AreEqual(new[] { "ZSTD" }, ParquetTestReader.Codecs(dir.Combine("out/lineage.parquet")).ToArray(), "lineage is always zstd");
        Assert.AreEqual(plain!.ContentHash, manifest.ContentHash, "the content hash is of the records, not of their encoding");
        var rows = ParquetTestReader.ReadAll(dir.Combine("out/data/all.parquet"));
        var plainRows = ParquetTestReader.ReadAll(reference.Combine("out/data/all.parquet"));
        Assert.AreEqual(2500, rows.Count);
        CollectionAssert.AreEqual(plainRows.Select(r => $"{r["id"]}|{r["text"]}|{r["label"]}").ToList(), rows.Select(r => $"{r["id"]}|{r["text"]}|{r["label"]}").ToList());
        Assert.AreEqual(3000, ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")).Count);
    }

    [TestMethod]
    public void ChangingOnlyTheCodecRedoesOnlyEmit()
    {
        using var dir = Project("format: parquet");
        var (first, _) = InProcessBuild.Run(dir);
        var zstdBytes = new FileInfo(dir.Combine("out/data/all.parquet")).Length;
        dir.Write("dataset.yaml", Spec("{ format: parquet, compression: none }"));
        var (second, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(second, string.Join("\n", diagnostics));

        Assert.AreEqual(first!.ContentHash, second.ContentHash);
        Assert.IsTrue(second.Stages.Where(s => s.Kind != "emit").All(s => s.Cache == "hit"), string.Join(", ", second.Stages.Select(s => $"{s.Name} {s.Cache}")));
        Assert.AreEqual(0, second.Emit!.Reused, "every job is written again with the new codec");
        Assert.IsLessThan(new FileInfo(dir.Combine("out/data/all.parquet")).Length, zstdBytes, "zstd pages are smaller than uncompressed ones");
        Assert.AreNotEqual(first.Outputs[0].Sha256, second.Outputs[0].Sha256);
    }

    [TestMethod]
    [DataRow("{ format: parquet, compression: lz4 }", "format: jsonl", 15, "expected one of: zstd, snappy, gzip, none")]
    [DataRow("format: parquet", "{ format: jsonl, compression: gzip }", 16, "'compression' applies to parquet outputs only, not 'jsonl'")]
    public void AWrongCodecIsALocatedError(string parquet, string jsonl, int line, string message)
    {
        var diagnostics = new DiagnosticBag();
        Assert.IsNull(SpecLoader.Parse(Spec(parquet).Replace("  - format: jsonl", "  - " + jsonl), "/p/dataset.yaml", diagnostics, "dataset.yaml"));
        var error = diagnostics.Items.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.AreEqual(DiagnosticCodes.SpecBadValue, error.Code, error.ToString());
        Assert.AreEqual(line, error.Line, error.ToString());
        StringAssert.Contains(error.Message, message);
    }

    [TestMethod]
    public void TheDefaultIsZstd()
    {
        var diagnostics = new DiagnosticBag();
        var spec = SpecLoader.Parse(Spec("format: parquet"), "/p/dataset.yaml", diagnostics, "dataset.yaml");
        Assert.IsNotNull(spec, string.Join("\n", diagnostics.Items));
        Assert.AreEqual("zstd", spec.Outputs[0].Compression);
    }
}
