using System.Globalization;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Tests.Sources;

[TestClass]
public sealed class ValueCoercerTests
{
    [TestMethod]
    public void CoercionIgnoresTheCurrentCulture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("tr-TR");
            Assert.IsTrue(ValueCoercer.TryCoerce("3.5", FieldType.Float, out var f, out _));
            Assert.AreEqual(3.5, f);
            Assert.IsTrue(ValueCoercer.TryCoerce("TRUE", FieldType.Bool, out var b, out _));
            Assert.AreEqual(true, b);
            Assert.AreEqual("istanbul ıi", TextNormalizer.Normalize("ISTANBUL ıi"));
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [TestMethod]
    public void DatetimesAreUtc()
    {
        Assert.IsTrue(ValueCoercer.TryCoerce("2025-06-30T12:00:00+02:00", FieldType.DateTime, out var value, out _));
        Assert.AreEqual(new DateTime(2025, 6, 30, 10, 0, 0, DateTimeKind.Utc), value);
    }

    [TestMethod]
    public void BadValuesSayWhy()
    {
        Assert.IsFalse(ValueCoercer.TryCoerce("abc", FieldType.Int, out _, out var problem));
        Assert.AreEqual("'abc' is not a valid int", problem);
    }

    [TestMethod]
    public void NormalizeFollowsTheSpecRule()
    {
        Assert.AreEqual("hello world 42", TextNormalizer.Normalize("  Hello,   WORLD!! ４２ "));
        Assert.AreEqual("café", TextNormalizer.Normalize("CAFE\u0301"));
        Assert.AreEqual("हिन्दी भाषा", TextNormalizer.Normalize("हिन्दी, भाषा!"), "combining marks stay with their letters");
    }
}
