using DatasetBuild.Core.Engine;
using DatasetBuild.Core.Engine.Stages;
using DatasetBuild.Core.Governance;
using DatasetBuild.Core.Provenance;

namespace DatasetBuild.Tests.Governance;

/// <summary>A manifest shaped like examples/support-intents' build, and a report model with every extra set.</summary>
internal static class ReportFixtures
{
    public static Manifest Manifest()
    {
        static StageReport Stage(string name, string kind, long recordsIn, long recordsOut, params (string Reason, long Count)[] dropped) => new()
        {
            Name = name,
            Kind = kind,
            RecordsIn = recordsIn,
            RecordsOut = recordsOut,
            Dropped = new SortedDictionary<string, long>(dropped.ToDictionary(d => d.Reason, d => d.Count), StringComparer.Ordinal),
        };

        return new Manifest
        {
            Name = "support-intents",
            Version = "1.2.0",
            Description = "Intent classification set for the support assistant.",
            SpecSha256 = "4f2a9c61d0b7e3a85f1c2d9e0b6a7c3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b",
            ToolVersion = "0.1.0",
            ContentHash = "b3c1f0e2d4a59687b3c1f0e2d4a59687b3c1f0e2d4a59687b3c1f0e2d4a59687",
            Sources =
            [
                new ManifestSource
                {
                    Name = "tickets",
                    License = "CC-BY-4.0",
                    Provenance = new ManifestProvenance { Origin = "helpdesk export", Permissions = ["train", "evaluate"] },
                    Files = [new ManifestFile { Path = "data/tickets/2025-06.jsonl", Sha256 = new string('a', 64), Records = 3000 }],
                },
                new ManifestSource
                {
                    Name = "forum",
                    License = "CC-BY-SA-4.0",
                    Provenance = new ManifestProvenance { Origin = "community forum", Permissions = ["train"] },
                    Files = [new ManifestFile { Path = "data/forum/posts.csv", Sha256 = new string('b', 64), Records = 1500 }],
                },
            ],
            Stages =
            [
                Stage("ingest", "ingest", 4500, 4500),
                Stage("too-short-or-long", "filter", 4500, 4383, ("fewer than 3 words in 'text'", 117)),
                Stage("no-spam", "filter", 4383, 4290, ("where: channel != 'spam'", 93)),
                Stage("required", "filter", 4290, 4093, ("missing required 'channel'", 197)),
                Stage("labels", "label", 4093, 4035, ("unknown label", 58)),
                Stage("dedup.exact", "dedup", 4035, 3398, ("exact duplicate", 637)),
                Stage("render", "render", 3398, 3337, ("missing 'label' for the chat template", 61)),
                Stage("tokens", "filter", 3337, 3336, ("more than 64 tokens", 1)),
            ],
            Outputs =
            [
                new ManifestOutput { Path = "data/train.parquet", Split = "train", Format = "parquet", Records = 2661, Sha256 = new string('1', 64) },
                new ManifestOutput { Path = "data/validation.parquet", Split = "validation", Format = "parquet", Records = 343, Sha256 = new string('2', 64) },
                new ManifestOutput { Path = "data/test.parquet", Split = "test", Format = "parquet", Records = 332, Sha256 = new string('3', 64) },
            ],
            Labels = new ManifestLabels
            {
                Field = "label",
                Counts = new SortedDictionary<string, long>(StringComparer.Ordinal)
                {
                    ["account"] = 590,
                    ["billing"] = 1105,
                    ["other"] = 402,
                    ["refund"] = 38,
                    ["technical"] = 1201,
                },
            },
            Records = new ManifestRecords { TotalIn = 4500, Kept = 3336, Dropped = 1164 },
            Conflicts = new ConflictSummary { Groups = 12, Records = 31, Resolution = "majority" },
            Coverage =
            [
                new ManifestCoverage { Name = "label", By = "label", Value = "billing", MinCount = 50, MaxShare = 0.4, ActualCount = 1105, ActualShare = 0.331, Met = true },
                new ManifestCoverage { Name = "label", By = "label", Value = "refund", MinCount = 50, MaxShare = 0.4, ActualCount = 38, ActualShare = 0.011, Met = false },
                new ManifestCoverage { Name = "label", By = "label", Value = "technical", MinCount = 50, MaxShare = 0.4, ActualCount = 1201, ActualShare = 0.36, Met = true },
                new ManifestCoverage { Name = "refund-by-phone", Where = "label == 'refund' && channel == 'phone'", MinCount = 20, ActualCount = 21, ActualShare = 0.006, Met = true },
            ],
            Splits = new ManifestSplits
            {
                Seed = 42,
                GroupBy = "customer_id",
                StratifyBy = "label",
                Ratios = new Dictionary<string, double> { ["train"] = 0.8, ["validation"] = 0.1, ["test"] = 0.1 },
                Counts = new Dictionary<string, long> { ["test"] = 332, ["train"] = 2661, ["validation"] = 343 },
                Leakage = new ManifestLeakage { DuplicateTextsAcrossSplits = 0, GroupsAcrossSplits = 0 },
            },
            Tokens = new ManifestTokens
            {
                Tokenizer = "o200k_base",
                Format = "chat",
                Splits = new Dictionary<string, ManifestTokenSplit>
                {
                    ["train"] = new()
                    {
                        Examples = 2661,
                        Histogram = [new() { UpTo = 16, Examples = 300 }, new() { UpTo = 32, Examples = 1500 }, new() { UpTo = 64, Examples = 861 }, new() { UpTo = null, Examples = 0 }],
                    },
                    ["test"] = new()
                    {
                        Examples = 332,
                        Histogram = [new() { UpTo = 16, Examples = 40 }, new() { UpTo = 32, Examples = 190 }, new() { UpTo = 64, Examples = 102 }, new() { UpTo = null, Examples = 0 }],
                    },
                },
            },
        };
    }

    /// <summary>The manifest's model with every extra the engine can add.</summary>
    public static ReportModel Model()
    {
        var model = ReportModel.FromManifest(Manifest());
        model.IntendedUse = "commercial";
        model.LengthHistogram = new ReportHistogram
        {
            Title = "Characters in 'text' per kept record",
            Unit = "characters",
            Buckets =
            [
                new() { UpTo = 32, Count = 210 },
                new() { UpTo = 64, Count = 640 },
                new() { UpTo = 128, Count = 1190 },
                new() { UpTo = 256, Count = 820 },
                new() { UpTo = 512, Count = 370 },
                new() { UpTo = 1024, Count = 96 },
                new() { UpTo = null, Count = 10 },
            ],
        };
        model.ConflictGroups =
        [
            new() { Key = "8c1d2e", Text = "I was charged twice, please refund", Labels = new() { ["billing"] = 3, ["refund"] = 2 } },
            new() { Key = "0a9b7c", Text = "cannot log in after password reset", Labels = new() { ["account"] = 4, ["technical"] = 1 } },
            new() { Key = "ffee01", Text = "<script>alert('x')</script> & more", Labels = new() { ["other"] = 1, ["technical"] = 1 } },
        ];
        model.Outliers =
        [
            new() { RecordId = "tickets:1842", Score = 0.913, Text = "asdf asdf asdf asdf" },
            new() { RecordId = "forum:77", Score = 0.871, Text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit." },
        ];
        return model;
    }
}
