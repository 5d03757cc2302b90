using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Engine;

/// <summary>Takedowns: blocklisted records leave every output, lineage says why, only affected files re-filter.</summary>
[TestClass]
public sealed class BlocklistTests
{
    private const string Spec = """
        name: takedowns
        version: 1.0.0
        schema:
          text: string
          user: string?
        sources:
          - name: posts
            path: data/*.jsonl
            id: key
            license: MIT
            provenance: { permissions: [train] }
        filters:
          - blocklist: { field: id, file: takedown.txt }
          - { name: banned-users, blocklist: { field: user, file: banned-users.txt } }
        outputs:
          - format: parquet
          - format: jsonl
        """;

    [TestMethod]
    public void BlocklistedRecordsAreInNoOutputAndOnlyTouchedFilesRefilter()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        dir.Write("data/a.jsonl", "{\"key\": \"p1\", \"text\": \"one\", \"user\": \"u1\"}\n{\"key\": \"p2\", \"text\": \"two\", \"user\": \"u2\"}\n");
        dir.Write("data/b.jsonl", "{\"key\": \"p3\", \"text\": \"three\", \"user\": \"u3\"}\n");
        dir.Write("takedown.txt", "# erasure requests\n\n");
        dir.Write("banned-users.txt", "u3\n");
        var (first, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(first, string.Join("\n", diagnostics));
        Assert.AreEqual(2L, first.Records.Kept);

        dir.Write("takedown.txt", "# erasure requests\np2\n");
        var (second, _) = InProcessBuild.Run(dir);
        Assert.AreEqual(1L, second!.Records.Kept);
        var ids = ParquetTestReader.ReadAll(dir.Combine("out/data/all.parquet")).Select(r => (string)r["id"]!).ToList();
        CollectionAssert.AreEqual(new[] { "p1" }, ids);
        Assert.IsFalse(File.ReadAllText(dir.Combine("out/data/all.jsonl")).Contains("p2", StringComparison.Ordinal));
        var lineage = ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")).ToDictionary(r => (string)r["record_id"]!);
        Assert.AreEqual("blocklisted ('id' listed in takedown.txt)", lineage["p2"]["reason"]);
        Assert.AreEqual("banned-users", lineage["p3"]["stage"]);
        Assert.AreEqual(2, second.Blocklists!.Count);
        Assert.AreEqual(1L, second.Blocklists.Single(b => b.File == "takedown.txt").Entries);

        // The takedown of p2 re-filtered a.jsonl only: b.jsonl's filter entry was reused.
        var filterEntries = Directory.GetFiles(dir.Combine("obj/cache/filter"), "*.dsbc", SearchOption.AllDirectories);
        Assert.HasCount(3, filterEntries, "two entries for a.jsonl (before and after) and one for b.jsonl");
    }

    [TestMethod]
    public void AMissingBlocklistIsALocatedError()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        dir.Write("banned-users.txt", "");
        dir.Write("data/a.jsonl", "{\"key\": \"p1\", \"text\": \"one\"}\n");
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNull(manifest);
        var error = diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.AreEqual(DiagnosticCodes.SpecNotFound, error.Code);
        Assert.AreEqual(13, error.Line);
        StringAssert.Contains(error.Message, "blocklist file 'takedown.txt' does not exist");
    }
}
