using DatasetBuild.Core.Engine.Stages;
using DatasetBuild.Core.Operators.Dedup.Near;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.NearDup;

/// <summary>
/// A chain of builds that add, remove and reorder files (some of equal content), with a released dataset that comes
/// and goes and records that exact dedup drops in one build and keeps in the next: every build that carries the memo
/// over must get the buckets of a clean build, and only true similarities of pairs still compared.
/// </summary>
[TestClass]
public sealed class NearIndexMemoCarryTests
{
    private const int Bands = 4;
    private const string Config = "settings";

    [TestMethod]
    public void EveryCarriedBuildHasTheBucketsOfACleanOne()
    {
        var carried = 0;
        for (var seed = 0; seed < 60; seed++)
        {
            var random = new Random(seed);
            var spread = 5 + random.Next(40);
            using var dir = new TempDirectory();
            var files = Enumerable.Range(0, 12).Select(_ => random.Next(8)).ToList();
            for (var build = 0; build < 6; build++)
            {
                Change(files, random);
                var (segments, keys, records) = Records(files, released: random.Next(3) == 0, random, spread);
                var memo = NearIndexMemo.Load(dir.Path, Config)?.CarryTo(segments, keys);
                var afresh = LshIndex.Build(keys);
                var buckets = afresh;
                if (memo is not null)
                {
                    carried++;
                    buckets = LshIndex.Update(keys, memo.Buckets, memo.IsNew);
                    for (var band = 0; band < Bands; band++)
                    {
                        CollectionAssert.AreEqual(afresh.Band(band).Keys.ToArray(), buckets.Band(band).Keys.ToArray(), $"seed {seed}, build {build}");
                        CollectionAssert.AreEqual(afresh.Band(band).Starts.ToArray(), buckets.Band(band).Starts.ToArray(), $"seed {seed}, build {build}");
                        CollectionAssert.AreEqual(afresh.Band(band).AllMembers.ToArray(), buckets.Band(band).AllMembers.ToArray(), $"seed {seed}, build {build}");
                    }

                    for (var i = 0; i < memo.Known.Count; i++)
                    {
                        var (earlier, later) = ((int)(uint)memo.Known.Pairs[i], (int)(memo.Known.Pairs[i] >> 32));
                        Assert.IsTrue(keys.Has(earlier) && keys.Has(later), $"seed {seed}, build {build}: a known pair of records not compared");
                        Assert.AreEqual(Similarity(records[earlier], records[later]), memo.Known.Similarities[i], $"seed {seed}, build {build}");
                    }
                }

                var pairs = new PairSimilarities.Builder();
                foreach (var (earlier, later) in buckets.Pairs(bucketLimit: 3))
                {
                    pairs.Add(earlier, later, Similarity(records[earlier], records[later]));
                }

                NearIndexMemo.Save(dir.Path, Config, segments, keys, buckets, pairs.Build());
            }
        }

        Assert.IsGreaterThan(150, carried, "most builds carry the memo over");
    }

    [TestMethod]
    public void AMemoOfOtherSettingsIsNotUsed()
    {
        using var dir = new TempDirectory();
        var (segments, keys, _) = Records([1, 2, 3], released: false, new Random(1), 20);
        NearIndexMemo.Save(dir.Path, Config, segments, keys, LshIndex.Build(keys), PairSimilarities.Empty);
        Assert.IsNotNull(NearIndexMemo.Load(dir.Path, Config));
        Assert.IsNull(NearIndexMemo.Load(dir.Path, "other settings"));
        Assert.IsNull(NearIndexMemo.Load(dir.Path + "-missing", Config));
    }

    private static void Change(List<int> files, Random random)
    {
        switch (random.Next(4))
        {
            case 0 when files.Count > 1:
                files.RemoveAt(random.Next(files.Count));
                files.Insert(random.Next(files.Count + 1), random.Next(10));
                break;
            case 1:
                files.Insert(random.Next(files.Count + 1), random.Next(10));
                break;
            case 2 when files.Count > 1:
                var (i, j) = (random.Next(files.Count), random.Next(files.Count));
                (files[i], files[j]) = (files[j], files[i]);
                break;
            default:
                files.Add(random.Next(10));
                break;
        }
    }

    /// <summary>Each file's records in order (a file's content decides them), with a released run first when asked.</summary>
    private static (List<RecordSegment> Segments, BandKeyTable Keys, List<(int Content, int Position)> Records) Records(List<int> files, bool released, Random random, int spread)
    {
        var segments = new List<RecordSegment>();
        var records = new List<(int, int)>();
        var keys = new BandKeyTable(Bands);
        foreach (var (identity, content, count) in (released ? [("released|r", 100, 5)] : Array.Empty<(string, int, int)>())
            .Concat(files.Select(c => ($"file-{c}", c, 1 + (c * 37 % 9)))))
        {
            segments.Add(new RecordSegment(identity, keys.Count, count));
            for (var position = 0; position < count; position++)
            {
                records.Add((content, position));
                var dropped = content != 100 && random.Next(6) == 0; // by exact dedup in this build
                keys.Add(dropped ? [] : KeysOf(content, position, spread));
            }
        }

        return (segments, keys, records);
    }

    /// <summary>A record's keys, from its content: a few from a narrow range (so buckets form), one shared by many (over the limit of 3).</summary>
    private static ulong[] KeysOf(int content, int position, int spread)
    {
        var random = new Random((content * 7919) + position);
        return random.Next(8) == 0 ? [] : [.. Enumerable.Range(0, Bands).Select(band => band == 1 && random.Next(3) == 0 ? 42UL : (ulong)random.Next(spread))];
    }

    private static double Similarity((int Content, int Position) a, (int Content, int Position) b) =>
        ((a.Content * 31) + a.Position + (b.Content * 17) + (b.Position * 3)) / 1000.0;
}
