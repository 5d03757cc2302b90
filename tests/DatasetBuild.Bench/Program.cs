using DatasetBuild.Bench;

// `minhash [documents]`: throughput of the dedup.near core alone, no build (see NearDupBench).
if (args is ["minhash", ..])
{
    NearDupBench.Run(args.Length > 1 ? int.Parse(args[1]) : 200_000);
    return;
}

var repo = FindRepoRoot();
// The precompiled (ReadyToRun) layout the tasks project writes beside its output, as the repository's examples use.
#if DEBUG
const string configuration = "Debug";
#else
const string configuration = "Release";
#endif
var tasks = Path.Combine(repo, "tasks", "DatasetBuild.Tasks", "bin", configuration, "ready-to-run", "DatasetBuild.Tasks.dll");
var sdk = Path.Combine(repo, "tasks", "DatasetBuild.Tasks", "Sdk");

// `near [records] [files]`: issue #4's criterion, exact + near dedup over ~1 KB web documents (see NearBuildBench).
if (args is ["near", ..])
{
    NearBuildBench.Run(repo, tasks, sdk, args.Length > 1 ? int.Parse(args[1]) : 1_150_000, args.Length > 2 ? int.Parse(args[2]) : 300);
    return;
}

// `[records] [files] [short|outputs]`: support messages (~1 KB, or ~100 characters with `short`) with filters, labels
// and exact dedup, Parquet out (with `outputs`: also the JSON Lines and chat outputs of examples/support-intents) (see
// README, "Performance").
var records = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var files = args.Length > 1 ? int.Parse(args[1]) : 100;
var variant = args.Length > 2 ? args[2] : "";
var textLength = variant == "short" ? 100 : 1000;
var root = BenchFolder.For(records.ToString(System.Globalization.CultureInfo.InvariantCulture) + (variant is "short" or "outputs" ? "-" + variant : ""), repo);
if (Directory.Exists(root))
{
    Directory.Delete(root, recursive: true);
}

var project = Path.Combine(root, "bench.dsproj");
Console.WriteLine($"generating {records:N0} records of ~{textLength} characters in {files} files under {root}");
CorpusGenerator.Write(Path.Combine(root, "data"), records, files, seed: 42, textLength: textLength);
File.WriteAllText(Path.Combine(root, "dataset.yaml"), """
    name: bench
    version: 1.0.0
    task: { type: classification, input: text, target: label, labels: [billing, technical, account, refund, other] }
    schema:
      text: string
      label: string?
      channel: string?
    sources:
      - name: messages
        path: data/*.jsonl
        id: id
        license: CC0-1.0
        provenance: { permissions: [train] }
    filters:
      - length: { field: text, min_words: 3, max_chars: 4000 }
      - where: "channel != 'spam'"
    labels:
      unknown: drop
    dedup:
      exact: { fields: [text], normalize: true }
    """ + (variant == "outputs" ? """

    outputs:
      - format: parquet
      - format: jsonl
      - { format: chat, system: "Classify the support message.", user: "{text}", assistant: "{label}" }
    """ : ""));
File.WriteAllText(project, $"""
    <Project>
      <PropertyGroup>
        <DatasetBuildTasksAssembly>{tasks}</DatasetBuildTasksAssembly>
      </PropertyGroup>
      <Import Project="{sdk}/Sdk.props" />
      <Import Project="{sdk}/Sdk.targets" />
    </Project>
    """);
var empty = Path.Combine(root, "empty", "empty.csproj");
Directory.CreateDirectory(Path.GetDirectoryName(empty)!);
File.WriteAllText(empty, "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");

BuildTimer.Build(empty, "empty SDK project: first build");
var emptyNoOp = BuildTimer.Median(() => BuildTimer.Build(empty, "empty SDK project: no-op")).Seconds;
BuildTimer.SettleDisk();
var fullRun = BuildTimer.Build(project, "dataset: full build");
var full = fullRun.Seconds;
var noOp = BuildTimer.Median(() => BuildTimer.Build(project, "dataset: no-op")).Seconds;
// +1% source files, three times with different new files (each removed again after, which rebuilds from the cache):
// the median counts, since one build on a shared VM varies by a few tenths of a second.
var added = new List<double>();
for (var round = 1; round <= 3; round++)
{
    CorpusGenerator.Write(Path.Combine(root, "data"), Math.Max(1, records / 100), Math.Max(1, files / 100), seed: 6 + round, prefix: $"added{round}", textLength: textLength);
    BuildTimer.SettleDisk();
    added.Add(BuildTimer.Build(project, $"dataset: +1% source files ({round})").Seconds);
    foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "data"), $"added{round}-*.jsonl"))
    {
        File.Delete(file);
    }

    BuildTimer.Build(project, $"dataset: the 1% removed again ({round})");
}

var incremental = added.Order().ElementAt(1);

Console.WriteLine();
Console.WriteLine($"| records | files | full build | peak RSS | no-op | empty SDK no-op | no-op ratio | +1% files (median of 3) | +1% / full |");
Console.WriteLine($"| {records:N0} | {files} | {full:F1} s | {fullRun.PeakRssBytes / 1048576.0:F0} MiB | {noOp:F2} s | {emptyNoOp:F2} s | {noOp / emptyNoOp:F2}x | {incremental:F2} s ({string.Join(", ", added.Select(a => a.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}) | {incremental / full:P1} |");

static string FindRepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DatasetBuild.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
}
