using System.Text;
using DatasetBuild.Core.Engine.Stages;
using DatasetBuild.Core.IO;

namespace DatasetBuild.Tests.Engine;

[TestClass]
public sealed class KeyColumnsTests
{
    [TestMethod]
    public void LabelsAndRowsAreLoadedOnlyWhenWantedAndTheColumnsAfterThemStillRead()
    {
        var columns = new KeyColumns(valueFields: 1, bandCount: 0);
        columns.Add("a", 1, Hash128.Of("x"u8), null, "spam", true, ["v1"], null, [], false, null, null);
        columns.Add("b", 2, null, null, null, true, [null], null, [], false, null, null);
        columns.Add("c", 5, Hash128.Of("x"u8), null, "ham", true, ["v2"], null, [], false, null, null);
        using var encoded = new MemoryStream();
        using (var writer = new BinaryWriter(encoded, Encoding.UTF8, leaveOpen: true))
        {
            columns.WriteTo(writer);
        }

        var payload = encoded.ToArray();
        var lean = new KeyTable();
        KeyColumns.AppendTo(lean, payload, 0, ["by"], KeyTableColumns.None);
        KeyColumns.AppendTo(lean, payload, 1, ["by"], KeyTableColumns.None);
        Assert.AreEqual(6, lean.Count);
        Assert.IsEmpty(lean.Labels);
        Assert.IsEmpty(lean.Rows);
        CollectionAssert.AreEqual(new[] { "v1", null, "v2", "v1", null, "v2" }, lean.Values["by"]);
        CollectionAssert.AreEqual(new int[] { 0, 0, 0, 1, 1, 1 }, lean.Files);
        Assert.AreEqual(Hash128.Of("x"u8), lean.Exact[5]);

        var full = new KeyTable();
        KeyColumns.AppendTo(full, payload, 0, ["by"], KeyTableColumns.LabelsAndRows);
        CollectionAssert.AreEqual(new[] { "spam", null, "ham" }, full.Labels);
        CollectionAssert.AreEqual(new long[] { 1, 2, 5 }, full.Rows);
        CollectionAssert.AreEqual(new[] { "v1", null, "v2" }, full.Values["by"]);
    }
}
