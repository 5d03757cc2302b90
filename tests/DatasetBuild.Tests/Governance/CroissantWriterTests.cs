using System.Globalization;
using System.Text.Json;
using DatasetBuild.Core.Governance;

namespace DatasetBuild.Tests.Governance;

/// <summary>croissant.json: Croissant 1.1 JSON-LD with files, record sets, RAI fields and PROV sources; deterministic.</summary>
[TestClass]
public sealed class CroissantWriterTests
{
    private const string TrainSha = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private const string TestSha = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

    private static CroissantDataset Dataset()
    {
        CroissantField[] fields =
        [
            new() { Name = "id", DataType = CroissantFormats.DataTypeOf("string") },
            new() { Name = "text", DataType = CroissantFormats.DataTypeOf("string"), Description = "The ticket body." },
            new() { Name = "label", DataType = CroissantFormats.DataTypeOf("string?"), IsLabel = true },
            new() { Name = "priority", DataType = CroissantFormats.DataTypeOf("int") },
            new() { Name = "score", DataType = CroissantFormats.DataTypeOf("float") },
            new() { Name = "escalated", DataType = CroissantFormats.DataTypeOf("bool") },
            new() { Name = "opened", DataType = CroissantFormats.DataTypeOf("datetime") },
        ];
        return new CroissantDataset
        {
            Name = "support-intents",
            Description = "Intent classification set for the support assistant.",
            Version = "1.2.0",
            Keywords = ["intent", "support"],
            Sources =
            [
                new()
                {
                    Name = "tickets",
                    License = "CC-BY-4.0",
                    Origin = "helpdesk export",
                    Collected = "2025-06-30",
                    Method = "API export",
                    Consent = "customer ToS v3",
                    Permissions = ["train", "evaluate"],
                },
                new() { Name = "forum", License = "CC-BY-SA-4.0 OR MIT", Origin = "https://forum.example.com/export" },
                new() { Name = "extra", License = "CC-BY-4.0" },
            ],
            Files =
            [
                new() { Id = "data/train.parquet", ContentUrl = "data/train.parquet", EncodingFormat = CroissantFormats.EncodingFormatOf("parquet"), Sha256 = TrainSha, ContentSize = 123456 },
                new() { Id = "data/test.parquet", ContentUrl = "data/test.parquet", EncodingFormat = CroissantFormats.Parquet, Sha256 = TestSha },
                new() { Id = "data/train.jsonl", ContentUrl = "data/train.jsonl", EncodingFormat = CroissantFormats.EncodingFormatOf("jsonl"), Sha256 = TrainSha },
            ],
            RecordSets =
            [
                new() { Id = "train", Source = "data/train.parquet", Key = "id", Fields = [.. fields] },
                new() { Id = "test", Source = "data/test.parquet", Key = "id", Fields = [.. fields] },
            ],
            Rai = new(StringComparer.Ordinal)
            {
                ["dataCollection"] = "Helpdesk tickets exported through the API.",
                ["rai:personalSensitiveInformation"] = "Emails and phone numbers are redacted.",
                ["dataBiases"] = "English only.",
            },
        };
    }

    [TestMethod]
    public void Writes_the_Croissant_1_1_header_and_context()
    {
        using var json = JsonDocument.Parse(CroissantWriter.Write(Dataset()));
        var root = json.RootElement;

        Assert.AreEqual("sc:Dataset", root.GetProperty("@type").GetString());
        Assert.AreEqual("http://mlcommons.org/croissant/1.1", root.GetProperty("conformsTo").GetString());
        var context = root.GetProperty("@context");
        Assert.AreEqual("https://schema.org/", context.GetProperty("@vocab").GetString());
        Assert.AreEqual("http://mlcommons.org/croissant/", context.GetProperty("cr").GetString());
        Assert.AreEqual("http://mlcommons.org/croissant/RAI/", context.GetProperty("rai").GetString());
        Assert.AreEqual("http://www.w3.org/ns/prov#", context.GetProperty("prov").GetString());
        Assert.AreEqual("dct:conformsTo", context.GetProperty("conformsTo").GetString());
        Assert.AreEqual("cr:recordSet", context.GetProperty("recordSet").GetString());
        Assert.AreEqual("@vocab", context.GetProperty("dataType").GetProperty("@type").GetString());
        Assert.AreEqual("support-intents", root.GetProperty("name").GetString());
        Assert.AreEqual("1.2.0", root.GetProperty("version").GetString());
        Assert.AreEqual("Intent classification set for the support assistant.", root.GetProperty("description").GetString());
        Assert.IsFalse(root.TryGetProperty("datePublished", out _), "no clock: only when given");
        Assert.IsFalse(root.TryGetProperty("url", out _));
    }

    [TestMethod]
    public void The_licence_is_the_distinct_source_licences_single_ids_as_spdx_urls()
    {
        using var json = JsonDocument.Parse(CroissantWriter.Write(Dataset()));

        var licenses = json.RootElement.GetProperty("license").EnumerateArray().Select(e => e.GetString()).ToArray();

        CollectionAssert.AreEqual(new[] { "https://spdx.org/licenses/CC-BY-4.0.html", "CC-BY-SA-4.0 OR MIT" }, licenses);
        Assert.AreEqual("https://spdx.org/licenses/CC-BY-4.0.html", CroissantWriter.LicenseValue("cc-by-4.0"));
        Assert.AreEqual("GPL-2.0+", CroissantWriter.LicenseValue("GPL-2.0+"));
        Assert.AreEqual("LicenseRef-acme", CroissantWriter.LicenseValue("LicenseRef-acme"));
        Assert.AreEqual("NOASSERTION", CroissantWriter.LicenseValue("NOASSERTION"));

        var single = Dataset();
        single.Sources = [single.Sources[0]];
        using var one = JsonDocument.Parse(CroissantWriter.Write(single));
        Assert.AreEqual("https://spdx.org/licenses/CC-BY-4.0.html", one.RootElement.GetProperty("license").GetString());
    }

    [TestMethod]
    public void Every_file_is_a_FileObject_with_its_sha256()
    {
        using var json = JsonDocument.Parse(CroissantWriter.Write(Dataset()));

        var files = json.RootElement.GetProperty("distribution").EnumerateArray().ToList();

        Assert.HasCount(3, files);
        foreach (var file in files)
        {
            Assert.AreEqual("cr:FileObject", file.GetProperty("@type").GetString());
            Assert.AreEqual(file.GetProperty("@id").GetString(), file.GetProperty("contentUrl").GetString());
            Assert.AreEqual(64, file.GetProperty("sha256").GetString()!.Length);
        }

        Assert.AreEqual("train.parquet", files[0].GetProperty("name").GetString());
        Assert.AreEqual(TrainSha, files[0].GetProperty("sha256").GetString());
        Assert.AreEqual("123456 B", files[0].GetProperty("contentSize").GetString());
        Assert.AreEqual("application/x-parquet", files[0].GetProperty("encodingFormat").GetString());
        Assert.AreEqual(TestSha, files[1].GetProperty("sha256").GetString());
        Assert.IsFalse(files[1].TryGetProperty("contentSize", out _));
        Assert.AreEqual("application/jsonlines", files[2].GetProperty("encodingFormat").GetString());
    }

    [TestMethod]
    public void Record_sets_list_every_field_with_type_and_source_column()
    {
        using var json = JsonDocument.Parse(CroissantWriter.Write(Dataset()));

        var recordSets = json.RootElement.GetProperty("recordSet").EnumerateArray().ToList();
        var train = recordSets[0];
        var fields = train.GetProperty("field").EnumerateArray().ToList();

        Assert.HasCount(2, recordSets);
        Assert.AreEqual("cr:RecordSet", train.GetProperty("@type").GetString());
        Assert.AreEqual("train/id", train.GetProperty("key").GetProperty("@id").GetString());
        CollectionAssert.AreEqual(
            new[] { "train/id", "train/text", "train/label", "train/priority", "train/score", "train/escalated", "train/opened" },
            fields.Select(f => f.GetProperty("@id").GetString()).ToArray());
        CollectionAssert.AreEqual(
            new[] { "sc:Text", "sc:Text", "sc:Integer", "sc:Float", "sc:Boolean", "sc:DateTime" },
            fields.Where(f => f.GetProperty("dataType").ValueKind == JsonValueKind.String).Select(f => f.GetProperty("dataType").GetString()).ToArray());
        CollectionAssert.AreEqual(new[] { "sc:Text", "cr:Label" }, fields[2].GetProperty("dataType").EnumerateArray().Select(e => e.GetString()).ToArray());
        foreach (var field in fields)
        {
            Assert.AreEqual("cr:Field", field.GetProperty("@type").GetString());
            var source = field.GetProperty("source");
            Assert.AreEqual("data/train.parquet", source.GetProperty("fileObject").GetProperty("@id").GetString());
            Assert.AreEqual(field.GetProperty("name").GetString(), source.GetProperty("extract").GetProperty("column").GetString());
        }

        Assert.AreEqual("test/text", recordSets[1].GetProperty("field")[1].GetProperty("@id").GetString());
    }

    [TestMethod]
    public void A_record_set_can_read_a_file_set()
    {
        var dataset = Dataset();
        dataset.FileSets = [new() { Id = "parquet-files", EncodingFormat = CroissantFormats.Parquet, Includes = ["data/*.parquet"] }];
        dataset.RecordSets = [new() { Id = "records", Source = "parquet-files", Fields = [new() { Name = "text" }] }];

        using var json = JsonDocument.Parse(CroissantWriter.Write(dataset));
        var set = json.RootElement.GetProperty("distribution")[3];
        var field = json.RootElement.GetProperty("recordSet")[0].GetProperty("field")[0];

        Assert.AreEqual("cr:FileSet", set.GetProperty("@type").GetString());
        Assert.AreEqual("data/*.parquet", set.GetProperty("includes").GetString());
        Assert.AreEqual("records/text", field.GetProperty("@id").GetString());
        Assert.AreEqual("parquet-files", field.GetProperty("source").GetProperty("fileSet").GetProperty("@id").GetString());
    }

    [TestMethod]
    public void RAI_fields_are_written_in_vocabulary_order_and_sources_as_prov()
    {
        using var json = JsonDocument.Parse(CroissantWriter.Write(Dataset()));
        var root = json.RootElement;

        var rai = root.EnumerateObject().Where(p => p.Name.StartsWith("rai:", StringComparison.Ordinal)).Select(p => p.Name).ToArray();
        CollectionAssert.AreEqual(new[] { "rai:dataCollection", "rai:personalSensitiveInformation", "rai:dataBiases" }, rai);
        Assert.AreEqual("English only.", root.GetProperty("rai:dataBiases").GetString());

        var sources = root.GetProperty("prov:wasDerivedFrom").EnumerateArray().ToList();
        Assert.HasCount(3, sources);
        var tickets = sources[0];
        Assert.AreEqual("prov:Entity", tickets.GetProperty("@type").GetString());
        Assert.AreEqual("tickets", tickets.GetProperty("name").GetString());
        Assert.AreEqual("helpdesk export", tickets.GetProperty("description").GetString());
        Assert.AreEqual("https://spdx.org/licenses/CC-BY-4.0.html", tickets.GetProperty("license").GetString());
        Assert.AreEqual("2025-06-30", tickets.GetProperty("dateCreated").GetString());
        Assert.AreEqual("consent: customer ToS v3; permissions: train, evaluate", tickets.GetProperty("usageInfo").GetString());
        Assert.AreEqual("API export", tickets.GetProperty("prov:wasGeneratedBy").GetProperty("prov:label").GetString());
        Assert.AreEqual("https://forum.example.com/export", sources[1].GetProperty("url").GetString());
        Assert.AreEqual("CC-BY-SA-4.0 OR MIT", sources[1].GetProperty("license").GetString());
    }

    [TestMethod]
    public void Optional_metadata_is_written_only_when_given()
    {
        var dataset = Dataset();
        dataset.Url = "https://example.com/support-intents";
        dataset.CiteAs = "@misc{support-intents}";
        dataset.DatePublished = new DateOnly(2026, 1, 31);
        dataset.Creator = "Support Analytics";

        using var json = JsonDocument.Parse(CroissantWriter.Write(dataset));
        var root = json.RootElement;

        Assert.AreEqual("https://example.com/support-intents", root.GetProperty("url").GetString());
        Assert.AreEqual("@misc{support-intents}", root.GetProperty("citeAs").GetString());
        Assert.AreEqual("2026-01-31", root.GetProperty("datePublished").GetString());
        Assert.AreEqual("Support Analytics", root.GetProperty("creator").GetProperty("name").GetString());
    }

    [TestMethod]
    public void Output_is_deterministic_whatever_the_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            var german = CroissantWriter.Write(Dataset());
            CultureInfo.CurrentCulture = new CultureInfo("ar-SA");
            var arabic = CroissantWriter.Write(Dataset());

            Assert.AreEqual(german, arabic);
            Assert.DoesNotContain("\r", german);
            StringAssert.EndsWith(german, "}\n");
            StringAssert.Contains(german, "\n  \"@context\": {\n    \"@language\": \"en\",");
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [TestMethod]
    public void Text_is_escaped_as_JSON()
    {
        var dataset = Dataset();
        dataset.Description = "Quotes \" and backslashes \\ and <b>tags</b>\nand a new line";

        using var json = JsonDocument.Parse(CroissantWriter.Write(dataset));

        Assert.AreEqual(dataset.Description, json.RootElement.GetProperty("description").GetString());
    }

    [TestMethod]
    public void Inconsistent_input_is_refused()
    {
        var unknownSource = Dataset();
        unknownSource.RecordSets[0].Source = "data/missing.parquet";
        var duplicateId = Dataset();
        duplicateId.Files[1].Id = "data/train.parquet";
        var unknownRai = Dataset();
        unknownRai.Rai["dataBias"] = "typo";
        var noSha = Dataset();
        noSha.Files[0].Sha256 = "";
        var badKey = Dataset();
        badKey.RecordSets[0].Key = "nope";

        Assert.ThrowsExactly<ArgumentException>(() => CroissantWriter.Write(unknownSource));
        Assert.ThrowsExactly<ArgumentException>(() => CroissantWriter.Write(duplicateId));
        var rai = Assert.ThrowsExactly<ArgumentException>(() => CroissantWriter.Write(unknownRai));
        StringAssert.Contains(rai.Message, "'dataBias' is not a Croissant RAI property");
        Assert.ThrowsExactly<ArgumentException>(() => CroissantWriter.Write(noSha));
        Assert.ThrowsExactly<ArgumentException>(() => CroissantWriter.Write(badKey));
    }
}
