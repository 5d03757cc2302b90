using DatasetBuild.Core.Operators.Dedup.Near;

namespace DatasetBuild.Tests.NearDup;

[TestClass]
public sealed class LshParametersTests
{
    [TestMethod]
    public void DatasketchWeightsGiveDatasketchsChoice()
    {
        // Reference values from datasketch's _optimal_param(threshold, 128, 0.5, 0.5).
        Assert.AreEqual(new LshParameters(9, 13), LshParameters.Optimal(0.8, 128));
        Assert.AreEqual(new LshParameters(25, 5), LshParameters.Optimal(0.5, 128));
        Assert.AreEqual(new LshParameters(14, 9), LshParameters.Optimal(0.7, 128));
    }

    [TestMethod]
    public void VerifiedDefaultsFavourRecallAtTheThreshold()
    {
        var verified = new NearDuplicateOptions().ResolveLsh();
        var estimated = new NearDuplicateOptions { Verify = false }.ResolveLsh();
        Console.WriteLine($"threshold 0.8, 128 permutations: verify true {verified.Bands} x {verified.Rows}, verify false {estimated.Bands} x {estimated.Rows}");
        foreach (var s in new[] { 0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95 })
        {
            Console.WriteLine($"  P(candidate | J = {s:F2}): verify true {verified.CandidateProbability(s):F3}, verify false {estimated.CandidateProbability(s):F3}");
        }

        Assert.AreEqual(new LshParameters(14, 9), verified);
        Assert.IsTrue(verified.CandidateProbability(0.8) > 0.85);
        Assert.IsTrue(verified.CandidateProbability(0.9) > 0.99);
        Assert.IsTrue(verified.CandidateProbability(0.3) < 0.001, "unrelated texts stay apart");
    }

    [TestMethod]
    public void ExplicitBandsAndRowsWin()
    {
        Assert.AreEqual(new LshParameters(16, 8), new NearDuplicateOptions { Bands = 16, Rows = 8 }.ResolveLsh());
        Assert.AreEqual(new LshParameters(20, 6), new NearDuplicateOptions { Bands = 20 }.ResolveLsh());
        Assert.AreEqual(new LshParameters(32, 4), new NearDuplicateOptions { Rows = 4 }.ResolveLsh());
        Assert.ThrowsExactly<ArgumentException>(() => new NearDuplicateOptions { Bands = 20, Rows = 7 }.ResolveLsh());
    }
}
