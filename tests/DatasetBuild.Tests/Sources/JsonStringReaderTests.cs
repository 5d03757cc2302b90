using System.Text;
using System.Text.Json;
using CsCheck;
using DatasetBuild.Core.Sources;

namespace DatasetBuild.Tests.Sources;

/// <summary>The JSONL reader unescapes strings itself; it must give exactly what Utf8JsonReader.GetString gives.</summary>
[TestClass]
public sealed class JsonStringReaderTests
{
    private static readonly string[] Pieces =
        ["a", "Z", " ", "é", "😀", "\\n", "\\t", "\\r", "\\b", "\\f", "\\\"", "\\\\", "\\/", "\\u00e9", "\\u0041", "\\ud83d\\ude00", "\\u2028", "中"];

    [TestMethod]
    public void UnescapesLikeGetString()
    {
        Gen.Int[0, Pieces.Length - 1].Array[0, 40].Select(picks => string.Concat(picks.Select(p => Pieces[p]))).Sample(body =>
        {
            var json = Encoding.UTF8.GetBytes($"\"{body}\"");
            var expected = new Utf8JsonReader(json);
            expected.Read();
            var actual = new Utf8JsonReader(json);
            actual.Read();
            Assert.AreEqual(expected.GetString(), JsonStringReader.Read(ref actual), body);
        }, iter: 5_000);
    }

    private delegate string? ReadString(ref Utf8JsonReader reader);

    private static (string? Value, Type? Error) Outcome(ref Utf8JsonReader reader, ReadString read)
    {
        try
        {
            return (read(ref reader), null);
        }
        catch (InvalidOperationException ex)
        {
            return (null, ex.GetType());
        }
    }

    [TestMethod]
    public void LoneSurrogatesAreLeftToGetString()
    {
        foreach (var body in new[] { "\\ud800", "x\\udc00y", "\\ud800\\u0041" })
        {
            var json = Encoding.UTF8.GetBytes($"\"{body}\"");
            var expected = new Utf8JsonReader(json);
            expected.Read();
            var actual = new Utf8JsonReader(json);
            actual.Read();
            var (want, wantError) = Outcome(ref expected, static (ref Utf8JsonReader r) => r.GetString());
            var (got, gotError) = Outcome(ref actual, static (ref Utf8JsonReader r) => JsonStringReader.Read(ref r));
            Assert.AreEqual(want, got, body);
            Assert.AreEqual(wantError, gotError, body);
        }
    }
}
