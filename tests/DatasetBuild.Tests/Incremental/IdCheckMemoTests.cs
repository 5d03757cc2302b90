using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Incremental;

/// <summary>The id check remembers a source's unique id hashes; a file added later is still checked against every id.</summary>
[TestClass]
public sealed class IdCheckMemoTests
{
    private static string Spec(string id) => $$"""
        name: ids
        version: 1.0.0
        schema:
          text: string
        sources:
          - name: notes
            path: data/*.jsonl
            {{id}}
            license: MIT
            provenance: { permissions: [train] }
        outputs:
          - format: jsonl
        """;

    [TestMethod]
    public void ADeclaredIdRepeatedInAnAddedFileIsStillAnError()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec("id: key"));
        dir.Write("data/a.jsonl", "{\"key\": \"k1\", \"text\": \"one\"}\n{\"key\": \"k2\", \"text\": \"two\"}\n");
        var (first, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(first, string.Join("\n", diagnostics));
        dir.Write("data/b.jsonl", "{\"key\": \"k3\", \"text\": \"three\"}\n");
        Assert.IsNotNull(InProcessBuild.Run(dir).Manifest, "a new unique id passes");
        dir.Write("data/c.jsonl", "{\"key\": \"k2\", \"text\": \"two again\"}\n");
        var (third, errors) = InProcessBuild.Run(dir);
        Assert.IsNull(third);
        Assert.IsTrue(errors.Any(e => e.Code == DiagnosticCodes.SourceDuplicateId && e.Message.Contains("'k2'", StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [TestMethod]
    public void RemovingFilesReadsNoIdsAndTheirIdsCanComeBackElsewhere()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec("id: key"));
        dir.Write("data/a.jsonl", "{\"key\": \"k1\", \"text\": \"one\"}\n{\"key\": \"k2\", \"text\": \"two\"}\n");
        dir.Write("data/b.jsonl", "{\"key\": \"k3\", \"text\": \"three\"}\n");
        Assert.IsNotNull(InProcessBuild.Run(dir).Manifest);
        var memo = Directory.EnumerateFiles(dir.Path, "ids-0.memo", SearchOption.AllDirectories).Single();
        var written = File.GetLastWriteTimeUtc(memo);

        File.Delete(dir.Combine("data/b.jsonl"));
        Thread.Sleep(20);
        Assert.IsNotNull(InProcessBuild.Run(dir).Manifest, "removing a file cannot make ids repeat");
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(memo), "a removal needs neither the ids nor a new memo");

        dir.Write("data/d.jsonl", "{\"key\": \"k3\", \"text\": \"three, moved\"}\n");
        var (moved, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(moved, "k3 left with b.jsonl, so d.jsonl may have it: " + string.Join("\n", diagnostics));

        dir.Write("data/e.jsonl", "{\"key\": \"k1\", \"text\": \"one again\"}\n");
        var (repeated, errors) = InProcessBuild.Run(dir);
        Assert.IsNull(repeated);
        Assert.IsTrue(errors.Any(e => e.Code == DiagnosticCodes.SourceDuplicateId && e.Message.Contains("'k1'", StringComparison.Ordinal)), string.Join("\n", errors));
    }

    [TestMethod]
    public void ASmallAdditionIsCheckedWithoutRewritingTheMemoAndStaysChecked()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec("id: key"));
        dir.Write("data/a.jsonl", string.Concat(Enumerable.Range(0, 100).Select(i => $"{{\"key\": \"k{i}\", \"text\": \"t{i}\"}}\n")));
        Assert.IsNotNull(InProcessBuild.Run(dir).Manifest);
        var memo = Directory.EnumerateFiles(dir.Path, "ids-0.memo", SearchOption.AllDirectories).Single();
        var written = File.GetLastWriteTimeUtc(memo);

        Thread.Sleep(20);
        dir.Write("data/b.jsonl", "{\"key\": \"new1\", \"text\": \"one new\"}\n");
        Assert.IsNotNull(InProcessBuild.Run(dir).Manifest);
        Assert.AreEqual(written, File.GetLastWriteTimeUtc(memo), "one id in a hundred does not rewrite a hundred");

        // b.jsonl is not in the memo: it is checked with the new files of every build until it is.
        dir.Write("data/c.jsonl", "{\"key\": \"new1\", \"text\": \"one new again\"}\n");
        var (repeated, errors) = InProcessBuild.Run(dir);
        Assert.IsNull(repeated);
        Assert.IsTrue(errors.Any(e => e.Code == DiagnosticCodes.SourceDuplicateId && e.Message.Contains("'new1'", StringComparison.Ordinal)), string.Join("\n", errors));

        File.Delete(dir.Combine("data/c.jsonl"));
        dir.Write("data/d.jsonl", string.Concat(Enumerable.Range(0, 10).Select(i => $"{{\"key\": \"d{i}\", \"text\": \"d{i}\"}}\n")));
        Assert.IsNotNull(InProcessBuild.Run(dir).Manifest);
        Assert.AreNotEqual(written, File.GetLastWriteTimeUtc(memo), "eleven ids in a hundred: the memo takes them in");
    }

    [TestMethod]
    public void AnIdenticalRecordInAnAddedFileGetsADistinctDefaultId()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec(""));
        dir.Write("data/a.jsonl", "{\"text\": \"same text\"}\n{\"text\": \"other text\"}\n");
        InProcessBuild.Run(dir);
        dir.Write("data/b.jsonl", "{\"text\": \"same text\"}\n");
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var ids = File.ReadAllLines(dir.Combine("out/data/all.jsonl")).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToList();
        Assert.HasCount(3, ids);
        Assert.AreEqual(3, ids.Distinct().Count());
        Assert.IsTrue(ids.Any(id => id.EndsWith("-2", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void ADamagedMemoIsIgnored()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec("id: key"));
        dir.Write("data/a.jsonl", "{\"key\": \"k1\", \"text\": \"one\"}\n");
        InProcessBuild.Run(dir);
        var memo = Directory.GetFiles(dir.Combine("obj/state"), "ids-*.memo").Single();
        var bytes = File.ReadAllBytes(memo);
        bytes[^12] ^= 0xFF;
        File.WriteAllBytes(memo, bytes);
        dir.Write("data/b.jsonl", "{\"key\": \"k1\", \"text\": \"one again\"}\n");
        var (manifest, errors) = InProcessBuild.Run(dir);
        Assert.IsNull(manifest);
        Assert.IsTrue(errors.Any(e => e.Code == DiagnosticCodes.SourceDuplicateId));
    }

    [TestMethod]
    public void TheMemoKeepsTheMergedHashesAndTheFiles()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("ids-0.memo");
        ulong[] known = [1, 5, 9, 1UL << 63, ulong.MaxValue];
        var added = Enumerable.Range(0, 20_000).Select(i => (ulong)i * 7 + 2).ToArray();
        DatasetBuild.Core.Engine.Stages.IdHashMemo.Save(path, ["b", "a", "é"], known, added);

        var memo = DatasetBuild.Core.Engine.Stages.IdHashMemo.TryLoad(path);
        Assert.IsNotNull(memo);
        CollectionAssert.AreEqual(known.Concat(added).Order().ToArray(), memo.SortedHashes);
        CollectionAssert.AreEquivalent(new[] { "a", "b", "é" }, memo.Files.ToArray());

        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^1]);
        Assert.IsNull(DatasetBuild.Core.Engine.Stages.IdHashMemo.TryLoad(path), "a truncated memo is not trusted");
        Assert.IsNull(DatasetBuild.Core.Engine.Stages.IdHashMemo.TryLoad(dir.Combine("absent.memo")));
    }
}
