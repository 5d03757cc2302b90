using System.IO.Hashing;
using System.Text.Json;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Output;
using DatasetBuild.Core.Output.Assembly;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec;

namespace DatasetBuild.Core.Engine;

/// <summary>
/// Compiles, on a thread of its own while the first stage runs, the code paths stages reach only after a while: the
/// JSON metadata of the state and the manifest (first: ingest reads the previous state ~0.03 s in, and met that cost
/// on its own path), emit's publication (manifest, lock file, card, croissant.json and report: 0.03 s less of emit on
/// a +1% build), Parquet encoding and assembly, XxHash128, the text normaliser. Generic code of
/// the runtime's and the packages' libraries over other types is compiled just in time in every build process (no
/// precompiled image holds it), and the stages met it on their critical path: the first emit job took 55 ms instead
/// of 20. Run once per process; it reads and writes nothing, and a failure in it only loses the head start.
/// </summary>
public static class JitWarmUp
{
    private static int _started;

    public static void StartOnce()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            return;
        }

        var thread = new Thread(Run) { IsBackground = true, Name = "DatasetBuild warm-up", Priority = ThreadPriority.BelowNormal };
        thread.Start();
    }

    /// <summary>Runs every warm-up path once, on the calling thread (tests call it to see that none throws).</summary>
    internal static void RunPaths()
    {
        Json();
        Publication();
        Parquet();
        Hashes();
        Normalizer();
    }

    private static void Run()
    {
        try
        {
            PhaseTimer.Time("warm-up (background)", RunPaths);
        }
        catch (Exception)
        {
            // Only a head start is lost.
        }
    }

    /// <summary>
    /// What emit does last: the manifest, the lock file, the card, croissant.json and the report, for a small spec (no
    /// file is read or written: croissant.json only looks for data files that are not there).
    /// </summary>
    private static void Publication()
    {
        var spec = SpecLoader.Parse(SampleSpec, Path.Combine(Path.GetTempPath(), "dsb-warm-up", "dataset.yaml"), new DiagnosticBag())
            ?? throw new InvalidOperationException("the warm-up spec does not load");
        var state = new PipelineState { SpecSha256 = "0", Files = [new FileState { Source = "notes", Path = "data/a.jsonl", Sha256 = "0", IngestHash = "0", Records = 2 }] };
        state.Stages.Add(new StageReport { Name = "length", Kind = "filter", RecordsIn = 2, RecordsOut = 1, Dropped = { ["fewer than 2 words in 'text'"] = 1 } });
        var outputs = new List<ManifestOutput> { new() { Path = "data/all.parquet", Split = "all", Format = "parquet", Records = 1, Sha256 = "0" } };
        var manifest = ManifestBuilder.Build(spec, state, outputs, "sha256:0", new SortedDictionary<string, long>(StringComparer.Ordinal) { ["a"] = 1 }, 2, 1);
        ManifestJson.Serialize(manifest);
        foreach (var _ in ReviewOutputs.Render(spec, manifest, new TextLengths(spec), Path.Combine(Path.GetTempPath(), "dsb-warm-up")))
        {
        }

        var lockFile = new LockFile { Name = "warm-up", Version = "1.0.0", SpecSha256 = "0", ContentHash = "sha256:0", Records = 1 };
        lockFile.Sources.Add(new LockSource { Name = "notes", Files = [new LockSourceFile { Path = "data/a.jsonl", Sha256 = "0" }] });
        LockFile.FromBytes(lockFile.Serialize());
    }

    private const string SampleSpec = """
        name: warm-up
        version: 1.0.0
        task: { type: classification, input: text, target: label, labels: [a, b] }
        schema:
          text: string
          label: string?
        sources:
          - name: notes
            path: data/*.jsonl
            license: MIT
            provenance: { permissions: [train] }
        filters:
          - length: { field: text, min_words: 2 }
        labels:
          unknown: drop
        """;

    private static void Parquet()
    {
        TableColumn[] columns = [new("s", FieldType.String), new("i", FieldType.Int), new("f", FieldType.Float), new("b", FieldType.Bool), new("d", FieldType.DateTime)];
        foreach (var table in new[] { columns, LineageTable.Columns })
        {
            var rows = new RowGroupBuffer(table);
            for (var n = 0; n < 64; n++)
            {
                rows.Add([.. table.Select(c => Sample(c.Type, n))]);
            }

            var part = ParquetPart.EncodeInto(table, rows, new MemoryStream()).ToArray();
            var assembler = new ParquetAssembler(Stream.Null);
            assembler.Append(ParquetAssembler.Parse(part), part);
            assembler.Append(part);
            assembler.Finish();
        }
    }

    private static object? Sample(FieldType type, int n) => type switch
    {
        FieldType.String => n % 5 == 0 ? null : "text " + n,
        FieldType.Int => (long)n,
        FieldType.Float => n * 0.5,
        FieldType.Bool => n % 2 == 0,
        FieldType.DateTime => new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(n),
        _ => null,
    };

    private static void Json()
    {
        var state = new PipelineState { SpecSha256 = "0", Files = [new FileState { Source = "s", Path = "p", Sha256 = "0", IngestHash = "0" }] };
        state.Files[0].Entries["ingest"] = "0";
        JsonSerializer.Deserialize<PipelineState>(JsonSerializer.SerializeToUtf8Bytes(state, EngineJson.Plain), EngineJson.Plain);
        var manifest = new Manifest();
        JsonSerializer.Deserialize<Manifest>(ManifestJson.Serialize(manifest), ManifestJson.Options);
        var counts = new List<Operators.OperatorCounts> { new("op", 2, 1, new SortedDictionary<string, long>(StringComparer.Ordinal) { ["reason"] = 1 }) };
        var memo = new Dictionary<string, StageMemo.Remembered> { ["k"] = new("k", 1, "h", 2, counts) };
        JsonSerializer.Deserialize<Dictionary<string, StageMemo.Remembered>>(JsonSerializer.SerializeToUtf8Bytes(memo, EngineJson.Plain), EngineJson.Plain);
        JsonSerializer.Deserialize<Stages.DedupSummary>(JsonSerializer.SerializeToUtf8Bytes(new Stages.DedupSummary(), EngineJson.Plain), EngineJson.Plain);
    }

    /// <summary>Compiled at full optimisation on first use (AggressiveOptimization): dedup keys of new files need it.</summary>
    private static void Normalizer() => Text.TextNormalizer.Normalize("Warm-up: Text, with “punctuation” and ÉCOLE 123.");

    private static void Hashes()
    {
        var data = new byte[1 << 16];
        for (var n = 0; n < 40; n++)
        {
            XxHash128.Hash(data);
        }
    }
}
