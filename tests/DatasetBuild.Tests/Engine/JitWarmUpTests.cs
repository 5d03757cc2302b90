using DatasetBuild.Core.Engine;

namespace DatasetBuild.Tests.Engine;

[TestClass]
public sealed class JitWarmUpTests
{
    // The warm-up thread swallows failures (it is only a head start): a path that broke would silently stop warming.
    [TestMethod]
    public void EveryWarmUpPathRuns() => JitWarmUp.RunPaths();
}
