using DatasetBuild.Core.Operators.Filters;

namespace DatasetBuild.Tests.Engine;

[TestClass]
public sealed class QualityTests
{
    /// <summary>Ordinary prose, written for this test.</summary>
    private static readonly string[] Prose =
    [
        "The town council met on Tuesday evening to discuss the future of the old railway station. Several residents argued that the building should be turned into a library, while others wanted a market hall. After two hours of debate, the members agreed to ask an architect for a study of both ideas and to present the results to the public before the end of the summer.",
        "When we moved into the flat, the kitchen had not been painted for years and the window frames were rotten. We spent the first month repairing what we could with our own hands. A neighbour lent us his ladder and gave us advice about which paint would last in a room that gets so much steam. By autumn the place finally felt like home.",
        "Bees are essential to the pollination of many crops, and their decline has worried farmers for more than a decade. Researchers at the university have been studying how changes in land use affect the insects. Their early results suggest that small strips of wild flowers along the edges of fields can make a real difference, even on farms that are otherwise intensively managed.",
        "My grandmother kept a notebook of recipes that she had collected from friends, magazines and the radio. Some pages are stained with butter and others have notes in the margins about who liked the dish and who did not. Reading it today is like listening to her voice again, and we still cook her apple cake every year on her birthday in October.",
        "The new software release fixes a number of problems that users reported over the past few months. Files that contain long lines are now read without running out of memory, and the error messages point at the exact place where a problem was found. The team also improved the documentation, adding examples for the most common tasks and a section about upgrading from older versions.",
        "On the last day of the trip we walked along the coast from the harbour to the lighthouse. The wind was strong and the sea was grey, but the path was quiet and we met only a few other walkers. At the top of the cliff we sat down to eat our sandwiches and watched the fishing boats come back into the bay before the rain started.",
    ];

    private static string Junk(Random random, int kind)
    {
        string[] vocabulary = ["quantum", "banana", "turbo", "crypto", "mega", "deal", "click", "free", "win", "best"];
        return kind switch
        {
            0 => string.Join(' ', Enumerable.Range(0, 80).Select(_ => new string("#$%&*@!~^"[random.Next(9)], random.Next(1, 6)))),
            1 => string.Join('\n', Enumerable.Repeat("Buy the best shoes online today and save money now", 12)),
            2 => string.Join(' ', Enumerable.Range(0, 90).Select(_ => vocabulary[random.Next(vocabulary.Length)])),
            3 => string.Join('\n', Enumerable.Range(0, 60).Select(i => $"{i}. {random.Next(1000, 99999)}")),
            _ => string.Join('\n', Enumerable.Range(0, 30).Select(_ => $"• {vocabulary[random.Next(vocabulary.Length)]} {vocabulary[random.Next(vocabulary.Length)]} deal")),
        };
    }

    [TestMethod]
    public void GopherDropsJunkAndKeepsProse()
    {
        var random = new Random(11);
        foreach (var text in Prose)
        {
            Assert.IsNull(GopherRules.Check(text, GopherRules.Defaults), text[..40]);
        }

        var junk = Enumerable.Range(0, 400).Select(i => Junk(random, i % 5)).ToList();
        var junkDropped = junk.Count(j => GopherRules.Check(j, GopherRules.Defaults) is not null);
        Assert.IsGreaterThanOrEqualTo(0.9, junkDropped / 400.0, $"{junkDropped} junk documents dropped");
    }

    [TestMethod]
    public void TheReasonNamesTheRule()
    {
        var repeated = string.Join('\n', Enumerable.Repeat("the same line with the words of a normal sentence here", 20));
        Assert.AreEqual("max_duplicate_lines", GopherRules.Check(repeated, GopherRules.Defaults)!.Value.Rule);
        Assert.AreEqual("min_words", GopherRules.Check("too short", GopherRules.Defaults)!.Value.Rule);
    }
}
