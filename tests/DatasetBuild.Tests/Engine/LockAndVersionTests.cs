using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Engine;

[TestClass]
public sealed class LockAndVersionTests
{
    private const string Spec = """
        name: locked
        version: 1.0.0
        schema:
          text: string
        sources:
          - name: notes
            path: data/*.jsonl
            license: MIT
            provenance: { permissions: [train] }
        filters:
          - length: { field: text, min_words: 2 }
        """;

    private static TempDirectory Project()
    {
        var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        dir.Write("data/a.jsonl", "{\"text\": \"one two\"}\n{\"text\": \"three four\"}\n");
        dir.Write("data/b.jsonl", "{\"text\": \"five six\"}\n");
        return dir;
    }

    [TestMethod]
    public void BuildWritesTheLockOnlyWhenItChanges()
    {
        using var dir = Project();
        var (manifest, _) = InProcessBuild.Run(dir);
        var lockPath = dir.Combine("dataset.lock.json");
        var locked = LockFile.TryRead(lockPath)!;
        Assert.AreEqual(manifest!.ContentHash, locked.ContentHash);
        Assert.AreEqual("1.0.0", locked.Version);
        Assert.AreEqual(3L, locked.Records);
        CollectionAssert.AreEqual(new[] { "data/a.jsonl", "data/b.jsonl" }, locked.Sources.Single().Files.Select(f => f.Path).ToArray());

        var stamp = File.GetLastWriteTimeUtc(lockPath);
        Thread.Sleep(20);
        InProcessBuild.Run(dir);
        Assert.AreEqual(stamp, File.GetLastWriteTimeUtc(lockPath));
    }

    [TestMethod]
    public void LockedBuildRefusesADriftedSourceNamingTheFile()
    {
        using var dir = Project();
        InProcessBuild.Run(dir);
        dir.Write("data/b.jsonl", "{\"text\": \"five six seven\"}\n");
        var (manifest, diagnostics) = InProcessBuild.Run(dir, locked: true);
        Assert.IsNull(manifest);
        var error = diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.AreEqual(DiagnosticCodes.LockSourceDrift, error.Code);
        StringAssert.Contains(error.Message, "data/b.jsonl differs from the lock");
        Assert.AreEqual(dir.Combine("dataset.lock.json"), error.File);
        Assert.IsGreaterThan(0, error.Line);
    }

    [TestMethod]
    public void LockedBuildRefusesAddedAndRemovedFilesAndSpecChanges()
    {
        using var dir = Project();
        InProcessBuild.Run(dir);
        File.Delete(dir.Combine("data/b.jsonl"));
        dir.Write("data/c.jsonl", "{\"text\": \"seven eight\"}\n");
        dir.Write("dataset.yaml", Spec.Replace("min_words: 2", "min_words: 1"));
        var (_, diagnostics) = InProcessBuild.Run(dir, locked: true);
        var messages = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Code + " " + d.Message).ToList();
        Assert.IsTrue(messages.Any(m => m.StartsWith(DiagnosticCodes.LockSpecDrift, StringComparison.Ordinal)), string.Join("\n", messages));
        Assert.IsTrue(messages.Any(m => m.Contains("data/c.jsonl (source 'notes') is not in the lock", StringComparison.Ordinal)), string.Join("\n", messages));
        var added = diagnostics.Single(d => d.Message.Contains("data/c.jsonl", StringComparison.Ordinal));
        Assert.AreEqual(dir.Combine("dataset.lock.json"), added.File, "a new file is located at its source in the lock, as the other drift is");
        var lines = File.ReadAllLines(dir.Combine("dataset.lock.json"));
        StringAssert.Contains(lines[added.Line - 1], "\"name\": \"notes\"");
        Assert.IsGreaterThan(Array.FindIndex(lines, l => l.Contains("\"sources\"", StringComparison.Ordinal)) + 1, added.Line, "the source's entry, not the dataset's name");
        Assert.IsTrue(messages.Any(m => m.Contains("locked source file data/b.jsonl (source 'notes') is missing", StringComparison.Ordinal)), string.Join("\n", messages));
    }

    [TestMethod]
    public void LockedBuildOfAnUnchangedProjectSucceedsAndLeavesTheLock()
    {
        using var dir = Project();
        InProcessBuild.Run(dir);
        File.WriteAllText(dir.Combine("data/a.jsonl"), File.ReadAllText(dir.Combine("data/a.jsonl")).Replace("\n", "\r\n"));
        var (manifest, diagnostics) = InProcessBuild.Run(dir, locked: true);
        Assert.IsNotNull(manifest, "CRLF line endings are not drift: " + string.Join("\n", diagnostics));
    }

    [TestMethod]
    [DataRow("{\"text\": \"one two\"}\n{\"text\": \"three four\"}\n{\"text\": \"nine ten\"}\n", "1.0.0", "implies a minor bump")]
    [DataRow("{\"text\": \"one two\"}\n", "1.0.0", "implies a major bump")]
    [DataRow("{\"text\": \"one two\"}\n", "1.1.0", "version went only from 1.0.0 to 1.1.0 (minor)")]
    public void ContentChangeWithoutMatchingBumpWarnsWithTheImpliedBump(string records, string version, string expected)
    {
        using var dir = Project();
        InProcessBuild.Run(dir);
        dir.Write("data/a.jsonl", records);
        dir.Write("dataset.yaml", Spec.Replace("1.0.0", version));
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest);
        var warning = diagnostics.Single(d => d.Code == DiagnosticCodes.VersionNotBumped);
        Assert.AreEqual(DiagnosticSeverity.Warning, warning.Severity);
        StringAssert.Contains(warning.Message, expected);
        Assert.AreEqual(2, warning.Line, "points at the spec's version");
    }

    [TestMethod]
    public void ANewFileIsLocatedAtItsSourceEvenWhenTheDatasetHasTheSourcesName()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec.Replace("name: locked", "name: notes"));
        dir.Write("data/a.jsonl", "{\"text\": \"one two\"}\n");
        InProcessBuild.Run(dir);
        dir.Write("data/b.jsonl", "{\"text\": \"three four\"}\n");
        var (_, diagnostics) = InProcessBuild.Run(dir, locked: true);
        var added = diagnostics.Single(d => d.Message.Contains("data/b.jsonl", StringComparison.Ordinal));
        var lines = File.ReadAllLines(dir.Combine("dataset.lock.json"));
        Assert.IsGreaterThan(Array.FindIndex(lines, l => l.Contains("\"sources\"", StringComparison.Ordinal)) + 1, added.Line, added.ToString());
    }

    [TestMethod]
    public void ALockOfTheWrongShapeSaysWhere()
    {
        using var dir = Project();
        InProcessBuild.Run(dir);
        var lockPath = dir.Combine("dataset.lock.json");
        File.WriteAllText(lockPath, File.ReadAllText(lockPath).Replace("\"records\": 3", "\"records\": \"three\""));
        var (_, diagnostics) = InProcessBuild.Run(dir, locked: true);
        var error = diagnostics.Single(d => d.Code == DiagnosticCodes.LockInvalid);
        StringAssert.Contains(error.Message, "(at $.records)");
        Assert.IsFalse(error.Message.Contains("LineNumber", StringComparison.Ordinal), error.Message);
    }

    [TestMethod]
    public void AnUnbumpedChangeKeepsWarningUntilTheVersionIsBumped()
    {
        using var dir = Project();
        var (first, _) = InProcessBuild.Run(dir);
        var lockPath = dir.Combine("dataset.lock.json");
        dir.Write("data/c.jsonl", "{\"text\": \"seven eight\"}\n");
        var (changed, diagnostics) = InProcessBuild.Run(dir);
        StringAssert.Contains(diagnostics.Single(d => d.Code == DiagnosticCodes.VersionNotBumped).Message, "implies a minor bump, but version is still 1.0.0");
        var locked = LockFile.TryRead(lockPath)!;
        Assert.AreEqual(changed!.ContentHash, locked.ContentHash, "the lock follows the build");
        Assert.AreEqual(("1.0.0", first!.ContentHash), locked.Checked, "but 1.0.0 still stands for the content it was checked with");
        Assert.IsFalse(locked.IsChecked);

        // Nothing changed since: still 1.0.0 with other content than 1.0.0 was checked with.
        (_, diagnostics) = InProcessBuild.Run(dir);
        StringAssert.Contains(diagnostics.Single(d => d.Code == DiagnosticCodes.VersionNotBumped).Message, "since version 1.0.0 (1 records added, 0 removed, 0 changed)");

        // A lock committed in this state fails a locked build (and dsb verify, which builds locked).
        var (refused, lockedDiagnostics) = InProcessBuild.Run(dir, locked: true);
        Assert.IsNull(refused);
        var error = lockedDiagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.AreEqual(DiagnosticCodes.VersionNotBumped, error.Code);
        Assert.AreEqual(lockPath, error.File);

        dir.Write("dataset.yaml", Spec.Replace("1.0.0", "1.1.0"));
        (_, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsFalse(diagnostics.Any(d => d.Code == DiagnosticCodes.VersionNotBumped), string.Join("\n", diagnostics));
        locked = LockFile.TryRead(lockPath)!;
        Assert.AreEqual(("1.1.0", changed.ContentHash), locked.Checked, "1.1.0 stands for the new content");
        Assert.IsNotNull(InProcessBuild.Run(dir, locked: true).Manifest, "and the lock passes a locked build");
    }

    [TestMethod]
    public void ABumpTooSmallKeepsWarningToo()
    {
        using var dir = Project();
        InProcessBuild.Run(dir);
        dir.Write("data/a.jsonl", "{\"text\": \"one two\"}\n");
        dir.Write("dataset.yaml", Spec.Replace("1.0.0", "1.0.1"));
        for (var build = 0; build < 2; build++)
        {
            var (_, diagnostics) = InProcessBuild.Run(dir);
            StringAssert.Contains(diagnostics.Single(d => d.Code == DiagnosticCodes.VersionNotBumped).Message, "implies a major bump, but version went only from 1.0.0 to 1.0.1 (patch)", $"build {build}");
        }
    }

    [TestMethod]
    public void AVersionSetBackIsNamedAsSuchEvenWithTheSameContent()
    {
        using var dir = Project();
        dir.Write("dataset.yaml", Spec.Replace("1.0.0", "1.1.0"));
        InProcessBuild.Run(dir);
        dir.Write("dataset.yaml", Spec);
        for (var build = 0; build < 2; build++)
        {
            var (_, diagnostics) = InProcessBuild.Run(dir);
            StringAssert.Contains(diagnostics.Single(d => d.Code == DiagnosticCodes.VersionNotBumped).Message, "version went from 1.1.0 back to 1.0.0; set a version above 1.1.0", $"build {build}");
        }

        Assert.AreEqual("1.1.0", LockFile.TryRead(dir.Combine("dataset.lock.json"))!.Checked.Version);
    }

    [TestMethod]
    public void ALockWithoutTheCheckedFieldsCountsItsOwnVersionAndContent()
    {
        using var dir = Project();
        InProcessBuild.Run(dir);
        var lockPath = dir.Combine("dataset.lock.json");
        var old = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(lockPath))!.AsObject();
        Assert.IsTrue(old.Remove("checked_version") && old.Remove("checked_content_hash"), old.ToJsonString());
        File.WriteAllText(lockPath, old.ToJsonString());
        Assert.IsTrue(LockFile.TryRead(lockPath)!.IsChecked);
        Assert.IsNotNull(InProcessBuild.Run(dir, locked: true).Manifest, "an older lock passes a locked build");

        dir.Write("data/c.jsonl", "{\"text\": \"seven eight\"}\n");
        var (_, diagnostics) = InProcessBuild.Run(dir);
        StringAssert.Contains(diagnostics.Single(d => d.Code == DiagnosticCodes.VersionNotBumped).Message, "implies a minor bump, but version is still 1.0.0");
    }

    [TestMethod]
    public void AnUnlockedBuildReplacesADamagedLockWithAWarning()
    {
        using var dir = Project();
        dir.Write("dataset.lock.json", "{\n  \"name\": \"locked\",\n  oops\n}\n");
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var warning = diagnostics.Single(d => d.Code == DiagnosticCodes.LockInvalid);
        Assert.AreEqual(DiagnosticSeverity.Warning, warning.Severity);
        Assert.AreEqual(3, warning.Line, warning.ToString());
        StringAssert.Contains(warning.Message, "this build replaces it");
        Assert.IsFalse(warning.Message.Contains("LineNumber", StringComparison.Ordinal), "no .NET position text beside the located line");
        Assert.AreEqual(manifest.ContentHash, LockFile.TryRead(dir.Combine("dataset.lock.json"))!.ContentHash);

        dir.Write("dataset.lock.json", "not json");
        (manifest, diagnostics) = InProcessBuild.Run(dir, locked: true);
        Assert.IsNull(manifest);
        StringAssert.Contains(diagnostics.Single(d => d.Code == DiagnosticCodes.LockInvalid).Message, "delete it and build without DatasetLocked");
    }

    [TestMethod]
    public void SufficientBumpDoesNotWarn()
    {
        using var dir = Project();
        InProcessBuild.Run(dir);
        dir.Write("data/a.jsonl", "{\"text\": \"one two\"}\n");
        dir.Write("dataset.yaml", Spec.Replace("1.0.0", "2.0.0"));
        var (_, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsFalse(diagnostics.Any(d => d.Code == DiagnosticCodes.VersionNotBumped));
        Assert.AreEqual("2.0.0", LockFile.TryRead(dir.Combine("dataset.lock.json"))!.Version);
    }

    [TestMethod]
    public void ChangingTheSpecAndBackIsAllCacheHitsWithTheOriginalHash()
    {
        using var dir = Project();
        var (first, _) = InProcessBuild.Run(dir);
        dir.Write("dataset.yaml", Spec.Replace("min_words: 2", "min_words: 3"));
        var (changed, _) = InProcessBuild.Run(dir);
        Assert.AreNotEqual(first!.ContentHash, changed!.ContentHash);
        dir.Write("dataset.yaml", Spec);
        var (back, _) = InProcessBuild.Run(dir);
        Assert.AreEqual(first.ContentHash, back!.ContentHash);
        Assert.IsTrue(back.Stages.All(s => s.Cache == "hit"), string.Join(",", back.Stages.Select(s => s.Name + ":" + s.Cache)));
    }
}
