using DatasetBuild.Core.Operators.Dedup.Near;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Tests.NearDup;

[TestClass]
public sealed class ShinglerTests
{
    private readonly Shingler _words = new(ShingleUnit.Word, 3, 42);
    private readonly Shingler _chars = new(ShingleUnit.Char, 4, 42);

    [TestMethod]
    public void WordShinglesAreSlidingWindowsOfWords()
    {
        Assert.AreEqual(3, _words.Hashes("a b c d e").Length);
        Assert.AreEqual(3, _words.SortedSet("a b c d e").Length);
    }

    [TestMethod]
    public void RepeatedShinglesCountOnceInTheSortedSet()
    {
        var set = _words.SortedSet("a b a b a b a b").ToArray();
        Assert.AreEqual(6, _words.Hashes("a b a b a b a b").Length);
        Assert.AreEqual(2, set.Length, "'a b a' and 'b a b'");
        CollectionAssert.AreEqual(set.Order().ToArray(), set);
    }

    [TestMethod]
    public void HowWordsAreSeparatedDoesNotMatter()
    {
        CollectionAssert.AreEqual(_words.SortedSet("one two three four").ToArray(), _words.SortedSet("  one\ttwo \n three   four ").ToArray());
    }

    [TestMethod]
    public void ATextShorterThanOneShingleIsOneShingleOfTheWholeText()
    {
        Assert.AreEqual(1, _words.Hashes("just two").Length);
        Assert.AreEqual(1, _chars.Hashes("abc").Length);
        Assert.AreNotEqual(_words.Hashes("just two")[0], _words.Hashes("just too")[0]);
    }

    [TestMethod]
    public void EmptyAndWhitespaceTextsHaveNoShingles()
    {
        Assert.AreEqual(0, _words.Hashes("").Length);
        Assert.AreEqual(0, _words.SortedSet(" \t\n ").Length);
        Assert.AreEqual(0, _chars.Hashes("   ").Length);
        Assert.AreEqual(0.0, Jaccard.Of([], []));
    }

    [TestMethod]
    public void CharShinglesIncludeSpacesAndCountSurrogatePairsOnce()
    {
        Assert.AreEqual(2, _chars.Hashes("ab cd").Length, "'ab c' and 'b cd'");
        var emoji = "\U0001F600";
        Assert.AreEqual(2, _chars.Hashes($"a{emoji}bcd").Length, "5 scalar values, 6 UTF-16 units");
        Assert.AreEqual(1, _chars.Hashes($"{emoji}{emoji}{emoji}").Length, "3 scalar values: shorter than one shingle");
    }

    [TestMethod]
    public void TheSeedChangesTheHashes()
    {
        Assert.AreNotEqual(_words.Hashes("a b c")[0], new Shingler(ShingleUnit.Word, 3, 43).Hashes("a b c")[0]);
    }

    [TestMethod]
    public void JaccardOfSortedSetsIsExact()
    {
        var a = _words.SortedSetArray(TextNormalizer.Normalize("One two three four five six"));
        var b = _words.SortedSetArray(TextNormalizer.Normalize("one, two, three, four, five, SEVEN"));
        Assert.AreEqual(4, a.Length);
        Assert.AreEqual(3.0 / 5, Jaccard.Of(a, b), 1e-12);
        Assert.AreEqual(1.0, Jaccard.Of(a, a));
    }
}
