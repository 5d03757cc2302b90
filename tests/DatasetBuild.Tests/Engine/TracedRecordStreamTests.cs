using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Engine;
using DatasetBuild.Core.Records;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Engine;

/// <summary>Overlay entries read back as the records they stand for, through both readers.</summary>
[TestClass]
public sealed class TracedRecordStreamTests
{
    [TestMethod]
    public void OverlaysOnOverlaysReadAsTheirRecords()
    {
        using var dir = new TempDirectory();
        var cache = new StageCache(dir.Combine("cache"), new DiagnosticBag());
        var records = Enumerable.Range(1, 600).Select(Make).ToList();
        var ingest = cache.Put("ingest", Key(1), payload => TracedRecordStream.Write(payload, records.Select(Copy)));

        // A filter that drops every 7th record and rewrites every 50th text: few changes, so an overlay.
        var filter = cache.Put("filter", Key(2), payload => TracedRecordStream.WriteDerived(payload, "ingest", ingest, TracedRecordStream.Read(ingest).Select(t =>
        {
            var before = new TracedRecordSnapshot(t);
            if (t.Record.Row % 7 == 0)
            {
                t.Drop("f", "dropped");
            }
            else if (t.Record.Row % 50 == 0)
            {
                t.Record[0] = "rewritten " + t.Record.Row;
            }
            else if (t.Record.Row % 45 == 0)
            {
                t.Record.Id = "renamed-" + t.Record.Row;
            }

            return (t, !before.Matches(t));
        })));
        var label = cache.Put("label", Key(3), payload => TracedRecordStream.WriteUnchanged(payload, "filter", filter));
        Assert.IsLessThan(ingest.PayloadLength / 4, filter.PayloadLength, "an overlay holds only the changed records");
        Assert.IsTrue(TracedRecordStream.BasesExist(label));

        var expected = records.Select(r =>
        {
            var t = Copy(r);
            if (t.Record.Row % 7 == 0)
            {
                t.Drop("f", "dropped");
            }
            else if (t.Record.Row % 50 == 0)
            {
                t.Record[0] = "rewritten " + t.Record.Row;
            }
            else if (t.Record.Row % 45 == 0)
            {
                t.Record.Id = "renamed-" + t.Record.Row;
            }

            return t;
        }).ToList();
        var read = TracedRecordStream.Read(label).ToList();
        CollectionAssert.AreEqual(expected.Select(Describe).ToList(), read.Select(Describe).ToList());

        var scanned = new List<string>();
        TracedFieldScanner.Scan(label, 0, (position, dropped) => position % 3 != 0, (position, dropped, text) => scanned.Add($"{position} {dropped} {text}"));
        var wanted = expected.Select((t, position) => $"{position} {t.Dropped} {(position % 3 != 0 ? t.Record[0] as string : null)}").ToList();
        CollectionAssert.AreEqual(wanted, scanned);

        static bool Wanted(string id) => id.EndsWith('3') || id.StartsWith("renamed-", StringComparison.Ordinal);
        var selected = TracedRecordSelector.Select(label, Wanted).Select(p => $"{p.Position} {Describe(p.Record)}").ToList();
        var wantedRecords = expected.Select((t, position) => (t, position)).Where(p => Wanted(p.t.Record.Id)).Select(p => $"{p.position} {Describe(p.t)}").ToList();
        Assert.IsNotEmpty(wantedRecords);
        CollectionAssert.AreEqual(wantedRecords, selected, "selecting by id decodes exactly the wanted records, renamed ones by their new id");

        File.Delete(ingest.Path);
        Assert.IsFalse(TracedRecordStream.BasesExist(label), "an overlay whose base is gone is not usable");
        Assert.ThrowsExactly<CacheCorruptException>(() => TracedRecordStream.Read(label).ToList());
    }

    private static TracedRecord Make(int row) =>
        new(new Record($"id-{row}", row, [$"text {row} " + new string('x', row % 40), row % 5 == 0 ? null : (long)row, row % 2 == 0]));

    private static TracedRecord Copy(TracedRecord t) => new(new Record(t.Record.Id, t.Record.Row, (object?[])t.Record.Values.Clone()));

    private static string Describe(TracedRecord t) =>
        $"{t.Record.Id} {t.Record.Row} {t.Dropped} {t.Stage} {t.Reason} {string.Join("|", t.Record.Values.Select(v => v?.ToString() ?? "null"))}";

    private static string Key(int n) => new string((char)('a' + n), 64);
}
