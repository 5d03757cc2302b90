using System.Text;
using System.Text.Json;
using DatasetBuild.Core.Diff;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Cli;

/// <summary>`dsb diff` on real git repositories: the base is built from a worktree, the head from the working tree or a commit.</summary>
[TestClass]
[DoNotParallelize]
public sealed class DiffCommandTests
{
    private const string Spec = """
        name: diffed
        version: 1.0.0
        task: { type: classification, input: text, target: label, labels: [a, b] }
        schema:
          text: string
          label: string?
        sources:
          - name: notes
            path: data/*.jsonl
            license: MIT
            provenance: { permissions: [train] }
        labels:
          unknown: drop
        """;

    private static (int Exit, string Out, string Err) Dsb(params string[] args) => DsbRunner.Run(args);

    private static TempDirectory Repository()
    {
        var dir = new TempDirectory();
        dir.Write("dataset.yaml", Spec);
        var records = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            var words = string.Join(' ', Enumerable.Repeat("word", 1 + (i % 7)));
            records.Append($"{{\"text\": \"record {i} {words}\", \"label\": \"{(i % 2 == 0 ? "a" : "b")}\"}}\n");
        }

        dir.Write("data/notes.jsonl", records.ToString());
        dir.Write(".gitignore", "obj/\nout/\n");
        Git.Run(dir.Path, "init", "-q", "-b", "main");
        Git.Run(dir.Path, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".");
        Git.Run(dir.Path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "dataset");
        return dir;
    }

    [TestMethod]
    public void AddingALengthFilterIsReportedAsAMajorChangeCausedByTheFilter()
    {
        using var dir = Repository();
        dir.Write("dataset.yaml", Spec + "\nfilters:\n  - length: { field: text, min_words: 4 }\n");
        var (exit, markdown, error) = Dsb("diff", "--base", "HEAD", "--format", "md", "--project", dir.Path);
        Assert.AreEqual(0, exit, error);
        StringAssert.Contains(markdown, "| stage | kind | in (base → head) | out (base → head) | Δ out |");
        StringAssert.Contains(markdown, "filter 'length' added");
        StringAssert.Contains(markdown, "were dropped by: **length** (");
        StringAssert.Contains(markdown, "implies a **major** version bump");
        StringAssert.Contains(markdown, "| length | fewer than 4 words in 'text' | 0 |");
        Assert.IsLessThan(MarkdownDiff.MaxBytes, Encoding.UTF8.GetByteCount(markdown));
        Assert.IsFalse(File.Exists(dir.Combine("dataset.lock.json")), "a diff never writes the project's lock");

        (exit, _, error) = Dsb("diff", "--base", "HEAD", "--check", "--project", dir.Path);
        Assert.AreEqual(1, exit, "the version was not bumped");
        StringAssert.Contains(error, "implies a major bump");

        dir.Write("dataset.yaml", (Spec + "\nfilters:\n  - length: { field: text, min_words: 4 }\n").Replace("1.0.0", "2.0.0"));
        var (okExit, json, _) = Dsb("diff", "--check", "--format", "json", "--project", dir.Path);
        Assert.AreEqual(0, okExit);
        using var report = JsonDocument.Parse(json);
        Assert.AreEqual("major", report.RootElement.GetProperty("implied_bump").GetString());
        Assert.IsGreaterThan(0, report.RootElement.GetProperty("removed").GetInt64());
        Assert.AreEqual(0, report.RootElement.GetProperty("added").GetInt64());
    }

    [TestMethod]
    public void CoverageTargetsAreComparedEvenWhenTheyFail()
    {
        using var dir = Repository();
        var withCoverage = Spec + "\ncoverage:\n  on_unmet: error\n  targets:\n    - { by: label, min_count: 90 }\n";
        dir.Write("dataset.yaml", withCoverage);
        Git.Run(dir.Path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am", "coverage");
        dir.Write("dataset.yaml", withCoverage + "filters:\n  - length: { field: text, min_words: 6 }\n");
        var (exit, markdown, error) = Dsb("diff", "--project", dir.Path);
        Assert.AreEqual(0, exit, error);
        StringAssert.Contains(markdown, "### Coverage");
        StringAssert.Contains(markdown, "❌ newly unmet");
    }

    [TestMethod]
    public void SamplesShowTheirTextWhenTheDataIsSplit()
    {
        using var dir = Repository();
        var split = Spec + "\nsplits:\n  ratios: { train: 0.5, test: 0.5 }\n";
        dir.Write("dataset.yaml", split);
        Git.Run(dir.Path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am", "splits");
        dir.Write("data/more.jsonl", "{\"text\": \"a freshly added sample\", \"label\": \"b\"}\n");
        var (exit, markdown, error) = Dsb("diff", "--project", dir.Path);
        Assert.AreEqual(0, exit, error);
        StringAssert.Contains(markdown, "| a freshly added sample |");
    }

    [TestMethod]
    public void TwoCommitsDiffAndTheHeadVerifies()
    {
        using var dir = Repository();
        Assert.IsNotNull(InProcessBuild.Run(dir).Manifest);
        Git.Run(dir.Path, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", "dataset.lock.json");
        Git.Run(dir.Path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "lock");
        dir.Write("data/more.jsonl", "{\"text\": \"a brand new record\", \"label\": \"a\"}\n");
        dir.Write("dataset.yaml", Spec.Replace("1.0.0", "1.1.0"));
        Assert.IsNotNull(InProcessBuild.Run(dir).Manifest);
        Git.Run(dir.Path, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".");
        Git.Run(dir.Path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "more data");

        var (exit, markdown, error) = Dsb("diff", "--base", "HEAD~1", "--head", "HEAD", "--check", "--project", dir.Path);
        Assert.AreEqual(0, exit, error);
        StringAssert.Contains(markdown, "implies a **minor** version bump");
        StringAssert.Contains(markdown, "✅ matches");
        StringAssert.Contains(markdown, "a brand new record");

        (exit, _, error) = Dsb("verify", "--project", dir.Path);
        Assert.AreEqual(0, exit, error);
        dir.Write("data/more.jsonl", "{\"text\": \"edited after the lock\", \"label\": \"a\"}\n");
        (exit, _, error) = Dsb("verify", "--project", dir.Path);
        Assert.AreEqual(1, exit);
        StringAssert.Contains(error, "data/more.jsonl differs from the lock");
    }
}
