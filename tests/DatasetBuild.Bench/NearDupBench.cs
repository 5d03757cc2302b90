using System.Diagnostics;
using System.Text;
using DatasetBuild.Core.Operators.Dedup.Near;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Bench;

/// <summary>
/// The <c>minhash</c> mode: throughput of the pure dedup.near core on generated ~1 KB documents (sentences of
/// Zipf-distributed pseudo-words, 10% of them edited copies of an earlier document). Measures normalisation,
/// shingling, shingling + signature + band keys single-threaded and on every core, then candidate pairing
/// and verification. No files, no build.
/// </summary>
public static class NearDupBench
{
    public static void Run(int documents)
    {
        // A first, silent round lets tiered compilation reach optimised code before anything is timed.
        Console.SetOut(TextWriter.Null);
        Execute(Math.Min(documents, 20_000));
        Console.SetOut(new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true });
        Execute(documents);
    }

    private static void Execute(int documents)
    {
        var options = new NearDuplicateOptions();
        var lsh = options.ResolveLsh();
        Console.WriteLine($"dedup.near core: {documents:N0} documents, word {options.NGram}-grams, {options.Permutations} permutations, " +
            $"threshold {options.Threshold}, LSH {lsh.Bands} x {lsh.Rows}, {Environment.ProcessorCount} cores, Vector<uint> of {System.Numerics.Vector<uint>.Count}");
        var texts = Generate(documents, seed: 42);
        Console.WriteLine($"average document: {texts.Average(t => t.Length):F0} chars");
        Measure("normalise (TextNormalizer, 1 thread)", documents, () =>
        {
            for (var i = 0; i < documents; i++)
            {
                texts[i] = TextNormalizer.Normalize(texts[i]);
            }
        });

        var shingler = new Shingler(options.Unit, options.NGram, options.Seed);
        var shingles = 0L;
        Measure("shingle hashes (1 thread)", documents, () =>
        {
            foreach (var text in texts)
            {
                shingles += shingler.Hashes(text).Length;
            }
        });
        Console.WriteLine($"  {shingles / (double)documents:F0} shingles per document");

        var keys = new ulong[documents * lsh.Bands];
        var sketcher = new NearDuplicateSketcher(options, lsh);
        sketcher.TryWriteBandKeys(texts[0], keys.AsSpan(0, lsh.Bands));
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        Measure("shingles + signature + band keys (1 thread)", documents, () =>
        {
            for (var i = 0; i < documents; i++)
            {
                sketcher.TryWriteBandKeys(texts[i], keys.AsSpan(i * lsh.Bands, lsh.Bands));
            }
        });
        Console.WriteLine($"  {(GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)documents:F1} bytes allocated per document");

        var parallelKeys = new ulong[documents * lsh.Bands];
        Measure($"shingles + signature + band keys ({Environment.ProcessorCount} threads)", documents, () =>
            Parallel.For(
                0,
                documents,
                () => new NearDuplicateSketcher(options, lsh),
                (i, _, local) =>
                {
                    local.TryWriteBandKeys(texts[i], parallelKeys.AsSpan(i * lsh.Bands, lsh.Bands));
                    return local;
                },
                _ => { }));
        if (!keys.AsSpan().SequenceEqual(parallelKeys))
        {
            throw new InvalidOperationException("parallel band keys differ");
        }

        var perRecord = Enumerable.Range(0, documents).Select(i => keys.AsSpan(i * lsh.Bands, lsh.Bands).ToArray()).ToArray();
        CandidatePairs? candidates = null;
        Measure("LSH candidate pairs", documents, () => candidates = LshIndex.FindCandidates(perRecord, lsh.Bands));
        Console.WriteLine($"  {candidates!.Count:N0} candidate pairs");

        NearDuplicateResult? result = null;
        var fetched = 0;
        Measure("candidates + verification (shingles recomputed) + clusters", documents, () =>
            result = NearDuplicateClusters.Find(BandKeyTable.From(perRecord, lsh.Bands), options, shingleSetOf: i =>
            {
                fetched++;
                return sketcher.ShingleSetOf(texts[i]);
            }));
        Console.WriteLine($"  {fetched:N0} shingle sets recomputed, {result!.AcceptedPairs.Count:N0} pairs accepted, {result.Clusters:N0} clusters, {result.Duplicates:N0} duplicates");
    }

    private static void Measure(string what, int documents, Action run)
    {
        var watch = Stopwatch.StartNew();
        run();
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"{what,-62} {seconds,7:F2} s {documents / seconds,12:N0} docs/s");
    }

    private static string[] Generate(int documents, int seed)
    {
        var random = new Random(seed);
        var vocabulary = Enumerable.Range(0, 20_000).Select(_ => PseudoWord(random)).ToArray();
        var cumulative = new double[vocabulary.Length];
        var total = 0.0;
        for (var rank = 0; rank < vocabulary.Length; rank++)
        {
            cumulative[rank] = total += 1 / Math.Pow(rank + 1, 1.0);
        }

        string Word()
        {
            var rank = Array.BinarySearch(cumulative, random.NextDouble() * total);
            return vocabulary[Math.Min(vocabulary.Length - 1, rank < 0 ? ~rank : rank)];
        }

        var texts = new string[documents];
        var builder = new StringBuilder(1200);
        for (var i = 0; i < documents; i++)
        {
            builder.Clear();
            if (i > 0 && random.Next(10) == 0)
            {
                // An edited copy of an earlier document: 0-10% of its words replaced.
                var words = texts[random.Next(i)].Split(' ');
                var rate = random.NextDouble() * 0.1;
                texts[i] = string.Join(' ', words.Select(w => random.NextDouble() < rate ? Word() : w));
                continue;
            }

            while (builder.Length < 1000)
            {
                var sentence = random.Next(6, 16);
                for (var w = 0; w < sentence; w++)
                {
                    var word = Word();
                    builder.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                    builder.Append(w == sentence - 1 ? ". " : " ");
                }
            }

            texts[i] = builder.ToString().TrimEnd();
        }

        return texts;
    }

    private static string PseudoWord(Random random)
    {
        const string consonants = "bcdfghjklmnprstvwz";
        const string vowels = "aeiou";
        var builder = new StringBuilder();
        for (var s = random.Next(1, 4); s > 0; s--)
        {
            builder.Append(consonants[random.Next(consonants.Length)]).Append(vowels[random.Next(vowels.Length)]);
        }

        return builder.ToString();
    }
}
