using DatasetBuild.Core.Output;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Sources;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Sources;

[TestClass]
public sealed class SourceReaderTests
{
    private static readonly SourceColumn[] TextAndLabel = [new("text", true), new("label", false)];

    [TestMethod]
    public void JsonlHandlesBomCrlfBlankLinesAndReportsMalformedLines()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("a.jsonl");
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. "{\"text\":\"one\",\"label\":\"x\"}\r\n\r\n{\"text\": 2}\r\n{bad json\r\n"u8.ToArray()]);
        var rows = new JsonlSourceReader().Read(path, "a.jsonl", TextAndLabel).ToList();
        Assert.HasCount(3, rows);
        Assert.AreEqual("one", rows[0].Values![0]);
        Assert.AreEqual(1L, rows[0].Row);
        Assert.AreEqual(2L, rows[1].Values![0]);
        Assert.AreEqual(3L, rows[1].Row, "blank lines still count as lines");
        Assert.IsNotNull(rows[2].Problem);
        Assert.AreEqual(4L, rows[2].Problem!.Line);
        StringAssert.Contains(rows[2].Problem!.Message, "malformed JSON");
    }

    [TestMethod]
    public void MalformedJsonSaysWhatIsWrongWithoutDotnetPositions()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("a.jsonl", "{\"text\": \"ok\"}\n{\"text\": \"cut\", bad}\n");
        var problem = new JsonlSourceReader().Read(path, "a.jsonl", TextAndLabel).Single(r => r.Problem is not null).Problem!;
        Assert.AreEqual(2L, problem.Line);
        Assert.IsGreaterThan(1, problem.Column);
        StringAssert.StartsWith(problem.Message, "malformed JSON: ");
        Assert.IsFalse(problem.Message.Contains("LineNumber", StringComparison.Ordinal), problem.Message);
        Assert.IsFalse(problem.Message.Contains("BytePositionInLine", StringComparison.Ordinal), problem.Message);
    }

    [TestMethod]
    public void CsvReadWithTheWrongDelimiterSaysSo()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("a.csv", "post_id;text;label\n1;hello;x\n");
        var ex = Assert.ThrowsExactly<Core.Diagnostics.DatasetBuildException>(() => new CsvSourceReader().Read(path, "a.csv", TextAndLabel).ToList());
        StringAssert.Contains(ex.Diagnostic.Message, "it reads as one column 'post_id;text;label', split by ','; the file seems to use ';' (set 'delimiter' on the source)");
    }

    [TestMethod]
    public void CsvReadsQuotedCommasAndNewlines()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("a.csv", "label,text\nx,\"hello, world\"\ny,\"two\nlines\"\nz,\n");
        var rows = new CsvSourceReader().Read(path, "a.csv", TextAndLabel).ToList();
        Assert.HasCount(3, rows);
        Assert.AreEqual("hello, world", rows[0].Values![0]);
        Assert.AreEqual("two\nlines", rows[1].Values![0]);
        Assert.IsNull(rows[2].Values![0], "an empty field is a missing value");
        Assert.AreEqual(3L, rows[2].Row, "csv rows are data rows");
    }

    [TestMethod]
    public void CsvMissingRequiredColumnFailsWithLocation()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("a.csv", "label,body\nx,y\n");
        var ex = Assert.ThrowsExactly<Core.Diagnostics.DatasetBuildException>(() => new CsvSourceReader().Read(path, "a.csv", TextAndLabel).ToList());
        Assert.AreEqual("DSB2007", ex.Diagnostic.Code);
        StringAssert.Contains(ex.Diagnostic.Message, "no column 'text'");
    }

    [TestMethod]
    public void TextIsOneRecordPerNonBlankLine()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("a.txt", "first line\n\nsecond line\n");
        var rows = new TextSourceReader().Read(path, "a.txt", [new SourceColumn("text", true)]).ToList();
        CollectionAssert.AreEqual(new object?[] { "first line", "second line" }, rows.Select(r => r.Values![0]).ToArray());
        CollectionAssert.AreEqual(new[] { 1L, 3L }, rows.Select(r => r.Row).ToArray());
    }

    [TestMethod]
    public void ParquetRoundTripsTypedColumns()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("a.parquet");
        using (var writer = new ParquetTableWriter(path, [new("text", FieldType.String), new("n", FieldType.Int), new("when", FieldType.DateTime)]))
        {
            writer.Write(["a", 1L, new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc)]);
            writer.Write([null, null, null]);
        }

        var rows = new ParquetSourceReader().Read(path, "a.parquet", [new("text", false), new("n", false), new("when", false)]).ToList();
        Assert.HasCount(2, rows);
        Assert.AreEqual("a", rows[0].Values![0]);
        Assert.AreEqual(1L, rows[0].Values![1]);
        Assert.AreEqual(new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc), rows[0].Values![2]);
        Assert.IsNull(rows[1].Values![0]);
        Assert.AreEqual(2L, rows[1].Row, "parquet rows are row index + 1");
    }

    [TestMethod]
    public void ParquetWithoutAMappedColumnFailsWithTheFileNamed()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("a.parquet");
        using (var writer = new ParquetTableWriter(path, [new("body", FieldType.String)]))
        {
            writer.Write(["a"]);
        }

        var ex = Assert.ThrowsExactly<Core.Diagnostics.DatasetBuildException>(() => new ParquetSourceReader().Read(path, "a.parquet", TextAndLabel).ToList());
        Assert.AreEqual("DSB2007", ex.Diagnostic.Code);
        Assert.AreEqual("a.parquet", ex.Diagnostic.File);
        StringAssert.Contains(ex.Diagnostic.Message, "no top-level column 'text'; it has: body");
    }

    [TestMethod]
    public void JsonlMapsDottedPathsIntoNestedObjects()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("a.jsonl", "{\"meta\": {\"body\": \"nested text\", \"tags\": [1, 2]}, \"label\": \"x\"}\n");
        var row = new JsonlSourceReader().Read(path, "a.jsonl", [new SourceColumn("meta.body", true), new SourceColumn("meta.tags", false)]).Single();
        Assert.AreEqual("nested text", row.Values![0]);
        Assert.AreEqual("[1, 2]", ((JsonText)row.Values[1]!).Json);
    }

    [TestMethod]
    public void TsvFilesDefaultToTabsAndCsvTakesADelimiter()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", """
            name: tabs
            version: 1.0.0
            schema:
              text: string
              label: string?
            sources:
              - name: t
                path: data/*.tsv
                license: MIT
                provenance: { permissions: [train] }
              - name: s
                path: data/*.csv
                delimiter: ";"
                license: MIT
                provenance: { permissions: [train] }
            """);
        dir.Write("data/a.tsv", "text\tlabel\nhello, world\tx\n");
        dir.Write("data/b.csv", "text;label\nsemi, colon;y\n");
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var texts = ParquetTestReader.ReadAll(dir.Combine("out/data/all.parquet")).Select(r => (string)r["text"]!).Order().ToArray();
        CollectionAssert.AreEqual(new[] { "hello, world", "semi, colon" }, texts);
    }
}
