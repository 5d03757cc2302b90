using DatasetBuild.Core.Operators.Dedup.Near;

namespace DatasetBuild.Tests.NearDup;

/// <summary>
/// dedup.near against exact ground truth on a synthetic corpus with families of edited copies. A predicted
/// pair is a candidate pair that passed verification (<see cref="NearDuplicateResult.AcceptedPairs"/>); a
/// true pair is a pair whose exact word 5-gram Jaccard is at least the threshold. Precision is the share of
/// predicted pairs that are true, recall the share of true pairs that are predicted.
/// </summary>
[TestClass]
public sealed class NearDupAccuracyTests
{
    private static readonly Lazy<NearDupCorpus> Corpus = new(() => NearDupCorpus.Generate(seed: 2024, originals: 2500, families: 600));
    private static readonly Lazy<Dictionary<(int Earlier, int Later), double>> Truth = new(() => ExactWordJaccard.AllPairs(Corpus.Value.Texts, 5));

    private static IReadOnlyList<string> Texts => Corpus.Value.Texts;

    [TestMethod]
    public void WordFiveGramsFindTheTruePairsAtThreshold08()
    {
        var options = new NearDuplicateOptions();
        var result = Run(options);
        var (precision, recall) = Score(result, options.Threshold);
        Assert.AreEqual(new LshParameters(14, 9), result.Lsh);
        Assert.IsTrue(Truth.Value.Values.Count(j => j >= 0.5 && j < 0.8) > 500, "the corpus has pairs just below the threshold");
        Assert.IsTrue(precision >= 0.99, $"precision {precision:F4}");
        Assert.IsTrue(recall >= 0.95, $"recall {recall:F4}");
    }

    [TestMethod]
    public void DocumentsOfDifferentFamiliesShareAlmostNothing()
    {
        var unrelated = Truth.Value.Where(p => !SameFamily(p.Key)).Select(p => p.Value).DefaultIfEmpty(0).Max();
        Console.WriteLine($"max Jaccard of documents of different families: {unrelated:F4}");
        Assert.IsTrue(unrelated < 0.05, $"{unrelated}");
    }

    [TestMethod]
    public void WithoutVerificationTheEstimateDecides()
    {
        var options = new NearDuplicateOptions { Verify = false };
        var result = Run(options);
        var (precision, recall) = Score(result, options.Threshold);
        Assert.AreEqual(new LshParameters(9, 13), result.Lsh, "datasketch's choice for 0.8 and 128");
        Assert.IsTrue(precision >= 0.9, $"precision {precision:F4}");
        Assert.IsTrue(recall >= 0.75, $"recall {recall:F4}");
    }

    [TestMethod]
    public void TheSameInputGivesTheSameClusters()
    {
        var options = new NearDuplicateOptions();
        var first = Run(options);
        var second = Run(options);
        CollectionAssert.AreEqual(first.DuplicateOf.ToArray(), second.DuplicateOf.ToArray());
        CollectionAssert.AreEqual(first.AcceptedPairs.ToArray(), second.AcceptedPairs.ToArray());
        Assert.IsTrue(first.Duplicates > 300, $"{first.Duplicates} duplicates");
    }

    [TestMethod]
    public void KeepFirstKeepsTheLowestIndexAndKeepLongestTheLongestText()
    {
        var first = Run(new NearDuplicateOptions());
        var longest = Run(new NearDuplicateOptions { Keep = NearDuplicateKeep.Longest });
        Assert.AreEqual(first.Clusters, longest.Clusters);
        var clusters = Enumerable.Range(0, Texts.Count)
            .GroupBy(i => first.DuplicateOf[i] < 0 ? i : first.DuplicateOf[i])
            .Where(cluster => cluster.Count() > 1)
            .ToList();
        Assert.AreEqual(first.Clusters, clusters.Count);
        var differ = 0;
        foreach (var cluster in clusters)
        {
            var members = cluster.Order().ToList();
            Assert.AreEqual(members[0], cluster.Key, "keep: first");
            var expected = members.OrderByDescending(i => Texts[i].Length).ThenBy(i => i).First();
            Assert.IsTrue(members.All(i => (longest.DuplicateOf[i] < 0 ? i : longest.DuplicateOf[i]) == expected), "keep: longest");
            differ += expected != members[0] ? 1 : 0;
        }

        Assert.IsTrue(differ > 0, "some clusters keep a different record");
    }

    [TestMethod]
    public void SignaturesEstimateJaccardWithinMinHashError()
    {
        var options = new NearDuplicateOptions();
        var sketcher = new NearDuplicateSketcher(options);
        var errors = new List<double>();
        var theoretical = new List<double>();
        foreach (var ((a, b), exact) in Truth.Value.Where(p => p.Value >= 0.3))
        {
            var estimate = Jaccard.Estimate(sketcher.SignatureOf(Texts[a]).ToArray(), sketcher.SignatureOf(Texts[b]));
            errors.Add((estimate - exact) * (estimate - exact));
            theoretical.Add(exact * (1 - exact) / options.Permutations);
        }

        var rms = Math.Sqrt(errors.Average());
        var expected = Math.Sqrt(theoretical.Average());
        Console.WriteLine($"{errors.Count} pairs: RMS error {rms:F4}, binomial expectation {expected:F4}");
        Assert.IsTrue(rms < 1.15 * expected, $"RMS {rms:F4} vs {expected:F4}: permutations are not independent enough");
    }

    private static (double Precision, double Recall) Score(NearDuplicateResult result, double threshold)
    {
        var predicted = result.AcceptedPairs.Select(p => (p.Earlier, p.Later)).ToHashSet();
        var truth = Truth.Value.Where(p => p.Value >= threshold).Select(p => p.Key).ToHashSet();
        var hits = predicted.Count(truth.Contains);
        var precision = (double)hits / predicted.Count;
        var recall = (double)hits / truth.Count;
        Console.WriteLine($"{Texts.Count} documents, LSH {result.Lsh.Bands} bands x {result.Lsh.Rows} rows, {result.CandidatePairs} candidate pairs, {predicted.Count} accepted, {truth.Count} true pairs");
        Console.WriteLine($"precision {precision:F4}, recall {recall:F4}, clusters {result.Clusters}, duplicates {result.Duplicates}");
        foreach (var (low, high) in new[] { (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.85), (0.85, 0.9), (0.9, 0.95), (0.95, 1.01) })
        {
            var inRange = Truth.Value.Where(p => p.Value >= low && p.Value < high).Select(p => p.Key).ToList();
            Console.WriteLine($"  J in [{low:F2}, {Math.Min(high, 1):F2}): {inRange.Count,4} pairs, {inRange.Count(predicted.Contains),4} accepted; P(candidate) {result.Lsh.CandidateProbability(low):F2}-{result.Lsh.CandidateProbability(Math.Min(high, 1)):F2}");
        }

        return (precision, recall);
    }

    private static bool SameFamily((int Earlier, int Later) pair)
    {
        var family = Corpus.Value.Family;
        return family[pair.Earlier] >= 0 && family[pair.Earlier] == family[pair.Later];
    }

    private static NearDuplicateResult Run(NearDuplicateOptions options)
    {
        var sketcher = new NearDuplicateSketcher(options);
        var bandKeys = Texts.Select(text => sketcher.BandKeysOf(text)).ToArray();
        return NearDuplicateClusters.Find(
            BandKeyTable.From(bandKeys, options.ResolveLsh().Bands),
            options,
            shingleSetOf: i => sketcher.ShingleSetOf(Texts[i]),
            signatureOf: i => sketcher.SignatureOf(Texts[i]).ToArray(),
            lengthOf: i => Texts[i].Length);
    }
}
