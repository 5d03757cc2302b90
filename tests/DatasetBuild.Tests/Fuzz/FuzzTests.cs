using System.Text;
using CsCheck;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Sources;
using DatasetBuild.Core.Spec;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Fuzz;

/// <summary>
/// Random and mutated inputs to the spec loader and the JSONL/CSV readers return a result or DSB
/// diagnostics, never an unhandled exception. Iteration counts are recorded in the README.
/// </summary>
[TestClass]
public sealed class FuzzTests
{
    /// <summary>Iterations per run in CI; set DSB_FUZZ_SCALE=N to run N times as many locally.</summary>
    public static readonly int Scale = int.TryParse(Environment.GetEnvironmentVariable("DSB_FUZZ_SCALE"), out var n) && n > 0 ? n : 1;

    public static readonly int SpecIterations = 5000 * Scale;
    public static readonly int RecordIterations = 1500 * Scale;

    private const string ValidSpec = """
        name: fuzz
        version: 1.0.0
        task: { type: classification, input: text, target: label, labels: [a, b] }
        schema:
          text: string
          label: string?
          n: int?
          when: datetime?
        sources:
          - name: s
            path: data/*.jsonl
            id: key
            map: { text: body }
            license: MIT
            provenance: { permissions: [train] }
        filters:
          - length: { field: text, min_words: 1, max_chars: 100 }
          - where: "n == null || n > 2 && label != 'x'"
          - required: [label]
        labels:
          normalize: { A: a }
          unknown: drop
        dedup:
          exact: { fields: [text], normalize: true }
        outputs:
          - format: parquet
        """;

    private const string ValidJsonl = "{\"key\": \"1\", \"body\": \"hello world\", \"label\": \"A\", \"n\": 3, \"when\": \"2025-01-02\"}\n{\"key\": \"2\", \"body\": \"x\", \"n\": 1.5}\n";

    private const string ValidCsv = "key,body,label,n,when\n1,\"hello, world\",a,3,2025-01-02\n2,\"two\nlines\",b,,\n";

    /// <summary>Up to 8 edits (insert, delete, replace, duplicate a span) at random places.</summary>
    private static Gen<string> Mutations(string seed, Gen<char> chars) =>
        Gen.Select(Gen.Int[0, 1_000_000], Gen.Int[0, 3], chars, Gen.Int[1, 40]).Array[1, 8].Select(edits =>
        {
            var text = new StringBuilder(seed);
            foreach (var (at, op, c, span) in edits)
            {
                var position = text.Length == 0 ? 0 : at % text.Length;
                switch (op)
                {
                    case 0:
                        text.Insert(position, c);
                        break;
                    case 1 when text.Length > 0:
                        text.Remove(position, Math.Min(span, text.Length - position));
                        break;
                    case 2 when text.Length > 0:
                        text[position] = c;
                        break;
                    default:
                        var length = Math.Min(span, text.Length - position);
                        text.Insert(position, text.ToString(position, length));
                        break;
                }
            }

            return text.ToString();
        });

    private const string AlphaNumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static readonly Gen<char> SpecChars = Gen.Char[AlphaNumeric + ":- \n{}[],\"'&*|#?!\t\u00e9"];

    [TestMethod]
    public void SpecLoaderNeverThrows()
    {
        Mutations(ValidSpec, SpecChars).Sample(text =>
        {
            var diagnostics = new DiagnosticBag();
            var spec = SpecLoader.Parse(text, "/fuzz/dataset.yaml", diagnostics);
            if (spec is null)
            {
                Assert.IsTrue(diagnostics.HasErrors, "a refused spec says why");
                Assert.IsTrue(diagnostics.Items.All(d => d.Code.StartsWith("DSB", StringComparison.Ordinal)));
            }
        }, iter: SpecIterations, threads: 1);
    }

    [TestMethod]
    public void RandomTextNeverCrashesTheSpecLoader()
    {
        Gen.String.Sample(text =>
        {
            var diagnostics = new DiagnosticBag();
            SpecLoader.Parse(text, "/fuzz/dataset.yaml", diagnostics);
        }, iter: SpecIterations, threads: 1);
    }

    [TestMethod]
    public void AGlobalTagThatIsNotAUriIsASyntaxError()
    {
        var diagnostics = new DiagnosticBag();
        Assert.IsNull(SpecLoader.Parse("!!ev]Ed*dLp", "/fuzz/dataset.yaml", diagnostics));
        Assert.IsTrue(diagnostics.Items.Any(d => d.Code == DiagnosticCodes.SpecSyntax), string.Join("\n", diagnostics.Items));
    }

    [TestMethod]
    public void JsonlIngestNeverThrows() => FuzzIngest("jsonl", ValidJsonl);

    [TestMethod]
    public void CsvIngestNeverThrows() => FuzzIngest("csv", ValidCsv);

    private static void FuzzIngest(string format, string seed)
    {
        var diagnostics = new DiagnosticBag();
        var spec = SpecLoader.Parse(ValidSpec, "/fuzz/dataset.yaml", diagnostics)!;
        using var dir = new TempDirectory();
        var path = dir.Combine("input." + format);
        var chars = Gen.Char[AlphaNumeric + "\",{}[]:\n\r\\ \u00ff\ud800"];
        var bytes = Mutations(seed, chars).Select(Encoding.UTF8.GetBytes);
        var rawBytes = Gen.Byte.Array[0, 300];
        foreach (var gen in new[] { bytes, rawBytes })
        {
            gen.Sample(content =>
            {
                File.WriteAllBytes(path, content);
                foreach (var onError in SourceSpec.OnErrorModes)
                {
                    var source = spec.Sources[0] with { Format = format, OnError = onError };
                    var ingester = new SourceFileIngester(spec.Schema, new DiagnosticBag());
                    try
                    {
                        foreach (var record in ingester.Ingest(new SourceFile(source, 0, "input." + format, path), "input." + format))
                        {
                            Assert.IsNotNull(record.Record.Id);
                        }
                    }
                    catch (DatasetBuildException ex)
                    {
                        StringAssert.StartsWith(ex.Diagnostic.Code, "DSB");
                    }
                    catch (ErrorsReportedException)
                    {
                        // Located errors were reported: the expected outcome for bad input with on_error: fail.
                    }
                }
            }, iter: RecordIterations, threads: 1);
        }
    }
}
