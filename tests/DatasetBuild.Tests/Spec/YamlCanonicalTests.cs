using System.Text.Json;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Spec.Yaml;

namespace DatasetBuild.Tests.Spec;

[TestClass]
public sealed class YamlCanonicalTests
{
    [TestMethod]
    public void ScalarsAreEscapedExactlyAsTheJsonSerializerEscapesStrings()
    {
        // Cache keys and manifest parameters are built from this text: its bytes must not change.
        string[] values = ["plain", "quote \" and \\ backslash", "tab\tnew\nline", "é ü ß İ ı", "日本語", "emoji 😀", "<script>&'", "\u0001\u007f", "+ - / :"];
        foreach (var value in values)
        {
            var yaml = $"key: {JsonSerializer.Serialize(value)}\n";
            var node = YamlTreeReader.Read(yaml, "x.yaml", new DiagnosticBag());
            Assert.AreEqual("{\"key\":" + JsonSerializer.Serialize(value) + "}", YamlCanonical.Of(node), value);
        }
    }

    [TestMethod]
    public void KeysAreSortedOrdinallyAndNullsStayNull()
    {
        var node = YamlTreeReader.Read("b: [1, ~]\na: {z: x, Y: y}\n", "x.yaml", new DiagnosticBag());
        Assert.AreEqual("{\"a\":{\"Y\":\"y\",\"z\":\"x\"},\"b\":[\"1\",null]}", YamlCanonical.Of(node));
    }
}
