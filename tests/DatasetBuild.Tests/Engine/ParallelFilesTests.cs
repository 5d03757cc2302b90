using DatasetBuild.Core.Engine;

namespace DatasetBuild.Tests.Engine;

[TestClass]
public sealed class ParallelFilesTests
{
    [TestMethod]
    public void ItemsStartedAheadAreStartedFirstAndStillConsumedInOrder()
    {
        var items = Enumerable.Range(0, 200).ToArray();
        var started = new int[items.Length];
        var clock = 0;
        var consumed = new List<int>();
        using var aheadRunning = new ManualResetEventSlim();
        var results = ParallelFiles.MapInOrder(items, i =>
        {
            started[i] = Interlocked.Increment(ref clock);
            if (i is 150 or 190)
            {
                aheadRunning.Set();
            }
            else
            {
                // The order of starts is the scheduler's business only until the worker that starts items ahead runs
                // at all (the thread pool may be slow to give it a thread on a busy machine): the others wait for it.
                if (!aheadRunning.Wait(TimeSpan.FromSeconds(10)))
                {
                    aheadRunning.Set(); // nothing started ahead: let the rest run, and the assertions below say so
                }
            }

            Thread.Sleep(1);
            return i * 2;
        }, (i, result) =>
        {
            Assert.AreEqual(i * 2, result);
            consumed.Add(i);
        }, window: 8, ahead: [150, 190]);

        CollectionAssert.AreEqual(items, consumed);
        CollectionAssert.AreEqual(items.Select(i => i * 2).ToArray(), results);
        if (Environment.ProcessorCount > 1)
        {
            // The window (8) lets no other worker near 150 before the consumer has taken ~140 items.
            Assert.IsLessThan(started[100], started[150], "started ahead of the window, not when the consumer got near");
            Assert.IsLessThan(started[100], started[190]);
        }
    }

    [TestMethod]
    public void AnItemAheadThatIsNotThereIsRefused() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => ParallelFiles.MapInOrder(Enumerable.Range(0, 10).ToArray(), i => i, (_, _) => { }, window: 2, ahead: [3, 10]));

    [TestMethod]
    public void AFailureOfAnItemStartedAheadIsRethrownAsItself()
    {
        var items = Enumerable.Range(0, 100).ToArray();
        var failure = Assert.ThrowsExactly<InvalidDataException>(() => ParallelFiles.MapInOrder(items, i => i == 70 ? throw new InvalidDataException("item 70") : i, (_, _) => { }, window: 4, ahead: [70]));
        Assert.AreEqual("item 70", failure.Message);
    }
}
