using System.Text;
using DatasetBuild.Core.Engine.Stages;

namespace DatasetBuild.Tests.Engine;

/// <summary>
/// The render stage's key holds a digest of its file's dedup decisions: a build that just wrote the decisions digests
/// them from where it wrote each line, a build that reuses them parses the stored payload; both must agree.
/// </summary>
[TestClass]
public sealed class DecisionDigestsTests
{
    [TestMethod]
    public void DigestsFromTheWrittenLinesEqualThoseParsedFromThePayload()
    {
        var decisions = new (int File, string Id, Decision Decision)[]
        {
            (0, "a-1", Decision.Drop("dedup.exact", "exact duplicate", null, "a-0")),
            (0, "a-2", Decision.Note("dedup.near", "near ids: a-7")),
            (2, "c-ü", Decision.Drop("dedup.near", "near duplicate", "jaccard 0.9", "a-1")),
            (3, "d-1", Decision.Relabel("labels.conflicts", "spam", "majority")),
            (3, "d-2", Decision.Drop("dedup.near", "near duplicate", "same cluster, through other members", "c-ü")),
        };
        var encoded = new DecisionPayloadWriter(capacity: 64);
        foreach (var (file, id, decision) in decisions)
        {
            encoded.Write(file, Encoding.UTF8.GetBytes(id), decision, new IdColumn());
        }

        encoded.End();
        var payload = encoded.Written.ToArray();
        var parsed = Decision.DigestsByFile(payload, files: 5);
        CollectionAssert.AreEqual(parsed, Decision.DigestsByFile(payload, encoded.Lines, files: 5));
        Assert.AreEqual("", parsed[1]);
        Assert.AreEqual("", parsed[4]);
        Assert.AreEqual(3, parsed.Distinct().Count(d => d.Length > 0), "each file's own lines");
    }

    /// <summary>The payload's layout, as a <see cref="BinaryWriter"/> writes each field (see <see cref="DecisionPayloadWriter"/>).</summary>
    private static void WriteLine(BinaryWriter writer, int file, string id, Decision decision, IdColumn ids)
    {
        writer.Write(decision.Kind);
        writer.Write(file);
        writer.Write(id);
        writer.Write(decision.Stage);
        foreach (var text in new[] { decision.Reason, decision.Detail, decision.DuplicateOfRecord is { } kept ? ids[kept] : decision.DuplicateOf })
        {
            writer.Write(text is not null);
            if (text is not null)
            {
                writer.Write(text);
            }
        }
    }

    [TestMethod]
    public void ThePayloadWriterWritesTheLayoutAsABinaryWriterWould()
    {
        var ids = new IdColumn();
        ids.AddRange([3, 7], "a-0ü-7"u8);
        var longText = new string('é', 100); // 200 bytes: a two-byte length
        var reason = "exact duplicate";
        var decisions = new (int File, string Id, Decision Decision)[]
        {
            (0, "a-1", Decision.DropAsDuplicateOf("dedup.exact", reason, null, 1)),
            (0, "a-2", Decision.DropAsDuplicateOf("dedup.exact", reason, null, 0)),
            (0, "a-3", Decision.Note("dedup.near", "near ids: a-7")),
            (1, "", Decision.Drop("dedup.near", "near duplicate", "jaccard 0.9", "a-1")),
            (2, longText, Decision.Drop("dedup.near", "near duplicate", longText, longText)),
            (3, "d-1", Decision.Relabel("labels.conflicts", "spam", "majority")),
            (3, "d-2", Decision.Drop("select", "cap", null, null)),
        };

        using var expected = new MemoryStream();
        var expectedLines = new List<(int File, int Start, int End)>();
        using (var writer = new BinaryWriter(expected, Encoding.UTF8, leaveOpen: true))
        {
            foreach (var (file, id, decision) in decisions)
            {
                var start = (int)expected.Position;
                WriteLine(writer, file, id, decision, ids);
                expectedLines.Add((file, start, (int)expected.Position));
            }

            writer.Write((byte)0);
        }

        var payload = new DecisionPayloadWriter(capacity: 1); // grows
        foreach (var (file, id, decision) in decisions)
        {
            payload.Write(file, Encoding.UTF8.GetBytes(id), decision, ids);
        }

        payload.End();
        CollectionAssert.AreEqual(expected.ToArray(), payload.Written.ToArray());
        CollectionAssert.AreEqual(expectedLines, payload.Lines.ToList());
    }

    [TestMethod]
    public void AKeptDuplicateNamedByRecordIsWrittenAsItsId()
    {
        var ids = new IdColumn();
        ids.AddRange([3, 7], "a-0ü-7"u8);
        Assert.AreEqual("ü-7", ids[1]);

        static byte[] Written(Decision decision, IdColumn ids)
        {
            var encoded = new DecisionPayloadWriter(capacity: 64);
            encoded.Write(4, "x-1"u8, decision, ids);
            return encoded.Written.ToArray();
        }

        CollectionAssert.AreEqual(
            Written(Decision.Drop("dedup.near", "near duplicate", "jaccard 0.9", "ü-7"), ids),
            Written(Decision.DropAsDuplicateOf("dedup.near", "near duplicate", "jaccard 0.9", 1), ids));
    }

    [TestMethod]
    public void AFilesDigestDoesNotDependOnItsPosition()
    {
        static string DigestAt(int file)
        {
            var encoded = new DecisionPayloadWriter(capacity: 64);
            encoded.Write(file, "x-1"u8, Decision.Drop("dedup.exact", "exact duplicate", null, "x-0"), new IdColumn());
            encoded.End();
            return Decision.DigestsByFile(encoded.Written.ToArray(), file + 1)[file];
        }

        Assert.AreEqual(DigestAt(0), DigestAt(7));
    }
}
