using System.Globalization;
using DatasetBuild.Core.Provenance;

namespace DatasetBuild.Bench;

/// <summary>
/// The <c>near</c> mode, issue #4's performance criterion: a real <c>dotnet build</c> of a spec with exact and
/// near dedup (defaults: word 5-grams, 128 permutations, threshold 0.8, verify) over a generated web corpus
/// (<see cref="WebCorpus"/>), JSONL in, Parquet out. Times a cold full build (no obj/, no stage cache), the
/// no-op build, and a rebuild after adding 1% more source files, each as the whole process with its peak
/// memory, three times with different new files (the median counts). The corpus is kept between runs (regenerated
/// when its parameters change).
/// </summary>
public static class NearBuildBench
{
    /// <summary>datasketch MinHashLSH on such documents on this kind of machine (issue #4).</summary>
    private const double DatasketchRecordsPerSecond = 560;

    public static void Run(string repoRoot, string tasksAssembly, string sdkFolder, int records, int files)
    {
        var root = BenchFolder.For($"near-{records}-{files}", repoRoot);
        var data = Path.Combine(root, "data");
        PrepareCorpus(root, data, records, files);
        foreach (var folder in new[] { "obj", "bin" }.Select(f => Path.Combine(root, f)).Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }

        File.WriteAllText(Path.Combine(root, "dataset.yaml"), """
            name: bench-near
            version: 1.0.0
            task: { type: other, input: text }
            schema:
              text: string
              url: string?
              lang: string?
            sources:
              - name: web
                path: data/*.jsonl
                id: id
                license: CC0-1.0
                provenance: { permissions: [train] }
            dedup:
              exact: { fields: [text], normalize: true }
              near: { field: text }
            outputs:
              - format: parquet
            """);
        var project = Path.Combine(root, "bench.dsproj");
        File.WriteAllText(project, $"""
            <Project>
              <PropertyGroup>
                <DatasetBuildTasksAssembly>{tasksAssembly}</DatasetBuildTasksAssembly>
              </PropertyGroup>
              <Import Project="{sdkFolder}/Sdk.props" />
              <Import Project="{sdkFolder}/Sdk.targets" />
            </Project>
            """);
        var empty = Path.Combine(root, "empty", "empty.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(empty)!);
        File.WriteAllText(empty, "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");

        BuildTimer.Build(empty, "empty SDK project: first build");
        var emptyNoOp = BuildTimer.Median(() => BuildTimer.Build(empty, "empty SDK project: no-op"));
        Console.WriteLine($"load average before the full build: {LoadAverage()}");
        BuildTimer.SettleDisk();
        var full = BuildTimer.Build(project, "dataset: cold full build");
        var manifestPath = Path.Combine(root, "bin", "Debug", "dataset", "manifest.json");
        var manifest = ManifestJson.Read(manifestPath)!;
        PrintStages(manifest);
        var noOp = BuildTimer.Median(() => BuildTimer.Build(project, "dataset: no-op"));

        // +1% source files, three times with different new documents (each removed again after, which rebuilds from the
        // cache): the median counts, since one build on a shared VM varies by a few tenths of a second.
        var added = Math.Max(1, files / 100);
        var rounds = new List<BuildTimer.Run>();
        for (var round = 1; round <= 3; round++)
        {
            WebCorpus.Write(data, Math.Max(1, records / 100), added, seed: 6 + round, prefix: $"added{round}");
            Console.WriteLine($"load average before the +1% build: {LoadAverage()}");
            BuildTimer.SettleDisk();
            rounds.Add(BuildTimer.Build(project, $"dataset: +1% ({added} files, round {round})"));
            PrintStages(ManifestJson.Read(manifestPath)!);
            foreach (var file in Directory.EnumerateFiles(data, $"added{round}-*.jsonl"))
            {
                File.Delete(file);
            }

            BuildTimer.Build(project, $"dataset: the 1% removed again (round {round})");
        }

        var incremental = rounds.OrderBy(r => r.Seconds).ElementAt(1);
        var total = manifest.Records.TotalIn;
        var perSecond = total / full.Seconds;
        Console.WriteLine();
        Console.WriteLine("| records | files | full build | CPU | records/s | x datasketch | peak RSS | no-op | empty SDK no-op | +1% files (median of 3) | +1% / full |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {total:N0} | {files} | {full.Seconds:F1} s | {full.CpuSeconds:F1} s | {perSecond:N0} | {perSecond / DatasketchRecordsPerSecond:F0}x | {full.PeakRssBytes / 1048576.0:F0} MiB | {noOp.Seconds:F2} s | {emptyNoOp.Seconds:F2} s | {incremental.Seconds:F2} s ({string.Join(", ", rounds.Select(r => r.Seconds.ToString("F2", CultureInfo.InvariantCulture)))}) | {incremental.Seconds / full.Seconds:P1} |"));
    }

    private static void PrepareCorpus(string root, string data, int records, int files)
    {
        var marker = Path.Combine(root, "corpus.txt");
        var expected = $"WebCorpus {WebCorpus.Version}: {records} records, {files} files, seed 42";
        if (File.Exists(marker) && File.ReadAllText(marker) == expected)
        {
            Console.WriteLine($"reusing the corpus under {root} ({expected})");
            return;
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        Console.WriteLine($"generating {records:N0} records in {files} files under {root}");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        WebCorpus.Write(data, records, files, seed: 42);
        var bytes = Directory.EnumerateFiles(data).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"  {bytes / 1e6:F0} MB of JSONL in {watch.Elapsed.TotalSeconds:F1} s");
        File.WriteAllText(marker, expected);
    }

    private static void PrintStages(Manifest manifest)
    {
        foreach (var stage in manifest.Stages)
        {
            var dropped = string.Join(", ", stage.Dropped.Select(d => $"{d.Value:N0} {d.Key}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {stage.Name,-14} {stage.Kind,-8} {stage.Cache,-4} {stage.Seconds,7:F2} s  {stage.RecordsIn,10:N0} -> {stage.RecordsOut,10:N0}  {dropped}"));
        }

        if (manifest.NearDedup is { } near)
        {
            Console.WriteLine($"  near_dedup: {near.Bands} x {near.Rows}, {near.CandidatePairs:N0} candidate pairs, {near.Clusters:N0} clusters, {near.Duplicates:N0} duplicates");
        }

        Console.WriteLine($"  records: {manifest.Records.TotalIn:N0} in, {manifest.Records.Kept:N0} kept");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
