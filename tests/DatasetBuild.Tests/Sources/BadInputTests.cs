using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Sources;

/// <summary>Malformed input is a located DSB2004 with on_error: fail, and a traced drop with on_error: skip.</summary>
[TestClass]
public sealed class BadInputTests
{
    private static string Spec(string format, string path, string onError) => $"""
        name: bad-input
        version: 1.0.0
        schema:
          text: string
          n: int?
        sources:
          - name: s
            path: {path}
            format: {format}
            on_error: {onError}
            license: MIT
            provenance:
              permissions: [train]
        """;

    private static (List<Diagnostic> Errors, List<Dictionary<string, object?>>? Lineage) Build(string format, string file, byte[] content, string onError)
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec(format, file, onError));
        Directory.CreateDirectory(Path.GetDirectoryName(dir.Combine(file))!);
        File.WriteAllBytes(dir.Combine(file), content);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return (errors, manifest is null ? null : ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")));
    }

    [TestMethod]
    [DataRow("jsonl", "data/a.jsonl", "{\"text\": \"ok\"}\n{\"text\": \"broken\n{\"text\": \"ok again\"}\n", 2, "malformed JSON")]
    [DataRow("jsonl", "data/a.jsonl", "{\"text\": \"ok\"}\n[1, 2]\n", 2, "must be a JSON object")]
    [DataRow("jsonl", "data/a.jsonl", "{\"text\": \"ok\", \"n\": \"seven\"}\n", 1, "'seven' is not a valid int")]
    [DataRow("csv", "data/a.csv", "text,n\nok,1\ntoo,many,fields\nfine,2\n", 3, "has 3 fields; the header has 2")]
    [DataRow("csv", "data/a.csv", "text,n\nok,1\n\"unclosed,2\n", 3, "")]
    public void MalformedRecordsAreLocatedOrTraced(string format, string file, string content, int line, string message)
    {
        var (errors, _) = Build(format, file, System.Text.Encoding.UTF8.GetBytes(content), "fail");
        var error = errors.First();
        Assert.AreEqual(DiagnosticCodes.SourceBadValue, error.Code, error.ToString());
        Assert.AreEqual(file, error.File);
        Assert.AreEqual(line, error.Line, error.ToString());
        StringAssert.Contains(error.Message, message);

        var (skipErrors, lineage) = Build(format, file, System.Text.Encoding.UTF8.GetBytes(content), "skip");
        Assert.IsEmpty(skipErrors, string.Join("\n", skipErrors));
        var dropped = lineage!.Where(r => (string?)r["stage"] == "ingest").ToList();
        Assert.IsNotEmpty(dropped);
        StringAssert.StartsWith((string)dropped[0]["reason"]!, "unreadable record (");
        Assert.AreEqual(file, dropped[0]["source_file"]);
    }

    [TestMethod]
    public void InvalidUtf8IsAnErrorAtItsLine()
    {
        byte[] content = [.. "{\"text\": \"fine\"}\n{\"text\": \"caf"u8.ToArray(), 0xC3, 0x28, .. "\"}\n"u8.ToArray()];
        var (errors, _) = Build("jsonl", "data/a.jsonl", content, "fail");
        Assert.AreEqual(2, errors.Single().Line);
        StringAssert.Contains(errors.Single().Message, "not valid UTF-8");
    }

    [TestMethod]
    public void EmptyFilesAndBomsAreFine()
    {
        var (errors, lineage) = Build("jsonl", "data/a.jsonl", [], "fail");
        Assert.IsEmpty(errors);
        Assert.IsEmpty(lineage!);
        (errors, lineage) = Build("csv", "data/a.csv", [0xEF, 0xBB, 0xBF, .. "text,n\r\nhello,1\r\n"u8.ToArray()], "fail");
        Assert.IsEmpty(errors, string.Join("\n", errors));
        Assert.HasCount(1, lineage!);
    }

    [TestMethod]
    public void AHundredMegabyteLineIsOneRecord()
    {
        var text = new string('x', 100 * 1024 * 1024);
        var (errors, lineage) = Build("jsonl", "data/a.jsonl", System.Text.Encoding.UTF8.GetBytes($"{{\"text\": \"{text}\"}}\n{{\"text\": \"small\"}}\n"), "fail");
        Assert.IsEmpty(errors, string.Join("\n", errors));
        Assert.HasCount(2, lineage!);
    }
}
