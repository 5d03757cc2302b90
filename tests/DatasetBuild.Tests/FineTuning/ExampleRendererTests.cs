using System.Text.Json;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Output.FineTuning;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Tests.FineTuning;

/// <summary>One renderer renders record after record into the same buffer: each line must be its record's alone.</summary>
[TestClass]
public sealed class ExampleRendererTests
{
    private static readonly RecordSchema Schema = new(
    [
        new FieldDefinition("text", FieldType.String, false),
        new FieldDefinition("label", FieldType.String, true),
        new FieldDefinition("stars", FieldType.Int, true),
    ]);

    private static readonly SourceLocation Here = SourceLocation.InFile("dataset.yaml");

    private static ExampleRenderer Chat() => new(
        new OutputSpec("chat", Here)
        {
            Templates =
            [
                new TemplateSpec("system", "Classify the ticket.", Here),
                new TemplateSpec("user", "{text}", Here),
                new TemplateSpec("assistant", "{label} ({stars} stars, id {id})", Here),
            ],
        },
        Schema);

    [TestMethod]
    public void EachLineHoldsOnlyItsRecordWhenALongLineCameBefore()
    {
        var renderer = Chat();
        var longText = string.Concat(Enumerable.Repeat("charged twice, \"again\" ", 400));
        var first = renderer.Render(new Record("r1", 1, [longText, "billing", 5L]), out var firstContents, out var firstMissing);
        var second = renderer.Render(new Record("r2", 2, ["refund please", "refund", 1L]), out var secondContents, out var secondMissing);

        Assert.IsNull(firstMissing);
        Assert.IsNull(secondMissing);
        CollectionAssert.AreEqual(new[] { "Classify the ticket.", longText, "billing (5 stars, id r1)" }, firstContents.ToArray());
        CollectionAssert.AreEqual(new[] { "Classify the ticket.", "refund please", "refund (1 stars, id r2)" }, secondContents.ToArray());
        Assert.AreEqual(
            """{"messages":[{"role":"system","content":"Classify the ticket."},{"role":"user","content":"refund please"},{"role":"assistant","content":"refund (1 stars, id r2)"}]}""",
            second);
        using var parsed = JsonDocument.Parse(first!);
        Assert.AreEqual(longText, parsed.RootElement.GetProperty("messages")[1].GetProperty("content").GetString());
    }

    [TestMethod]
    public void AMissingOrBlankFieldNamesTheFieldAndTheNextRecordStillRenders()
    {
        var renderer = Chat();
        Assert.IsNull(renderer.Render(new Record("r1", 1, ["   ", "billing", 5L]), out var contents, out var missing));
        Assert.AreEqual("text", missing);
        Assert.AreEqual(0, contents.Count);
        Assert.IsNull(renderer.Render(new Record("r2", 2, ["hello", null, 5L]), out _, out missing));
        Assert.AreEqual("label", missing);
        Assert.IsNotNull(renderer.Render(new Record("r3", 3, ["hello", "billing", 4L]), out contents, out missing));
        Assert.IsNull(missing);
        Assert.AreEqual("billing (4 stars, id r3)", contents[2]);
    }

    [TestMethod]
    public void AnInstructionLineHasItsThreeFieldsInOrder()
    {
        var renderer = new ExampleRenderer(
            new OutputSpec("instruction", Here)
            {
                Templates = [new TemplateSpec("instruction", "Label this.", Here), new TemplateSpec("input", "{text}", Here), new TemplateSpec("output", "{stars}", Here)],
            },
            Schema);
        renderer.Render(new Record("r1", 1, [new string('x', 5000), "billing", 3L]), out _, out _);
        Assert.AreEqual("""{"instruction":"Label this.","input":"short","output":"2"}""", renderer.Render(new Record("r2", 2, ["short", "refund", 2L]), out _, out _));
    }
}
