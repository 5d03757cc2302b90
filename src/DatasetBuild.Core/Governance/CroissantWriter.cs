using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace DatasetBuild.Core.Governance;

/// <summary>
/// croissant.json: MLCommons Croissant 1.1 JSON-LD with the RAI vocabulary and PROV-O provenance.
/// A pure function of its input: keys in a fixed order, invariant formatting, '\n' newlines, no clock.
/// </summary>
public static class CroissantWriter
{
    /// <summary>The value of <c>conformsTo</c> (<c>dct:conformsTo</c>), Croissant 1.1.</summary>
    public const string ConformsTo = "http://mlcommons.org/croissant/1.1";

    /// <summary>The dataset-level properties of the Croissant RAI vocabulary (croissant_rai.ttl), in the order written.</summary>
    public static readonly IReadOnlyList<string> RaiProperties =
    [
        "dataCollection",
        "dataCollectionType",
        "dataCollectionMissingData",
        "dataCollectionRawData",
        "dataCollectionTimeframe",
        "dataPreprocessingProtocol",
        "dataImputationProtocol",
        "dataManipulationProtocol",
        "dataAnnotationProtocol",
        "dataAnnotationPlatform",
        "dataAnnotationAnalysis",
        "annotationsPerItem",
        "annotatorDemographics",
        "machineAnnotationTools",
        "personalSensitiveInformation",
        "dataBiases",
        "dataLimitations",
        "dataUseCases",
        "dataSocialImpact",
        "dataReleaseMaintenancePlan",
    ];

    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The JSON-LD context: Appendix 1 of the Croissant 1.1 specification, with schema.org as https (as
    /// mlcroissant and the official 1.1 example datasets write it), the terms mlcroissant 1.1 adds, and the
    /// <c>prov</c> prefix for PROV-O.
    /// </summary>
    private static readonly (string Term, string? Id, string? Type, string? Container)[] Context =
    [
        ("@language", "en", null, null),
        ("@vocab", "https://schema.org/", null, null),
        ("sc", "https://schema.org/", null, null),
        ("cr", "http://mlcommons.org/croissant/", null, null),
        ("rai", "http://mlcommons.org/croissant/RAI/", null, null),
        ("dct", "http://purl.org/dc/terms/", null, null),
        ("prov", "http://www.w3.org/ns/prov#", null, null),
        ("annotation", "cr:annotation", null, null),
        ("arrayShape", "cr:arrayShape", null, null),
        ("citeAs", "cr:citeAs", null, null),
        ("column", "cr:column", null, null),
        ("conformsTo", "dct:conformsTo", null, null),
        ("containedIn", "cr:containedIn", null, null),
        ("data", "cr:data", "@json", null),
        ("dataType", "cr:dataType", "@vocab", null),
        ("description", null, null, "@language"),
        ("equivalentProperty", "cr:equivalentProperty", null, null),
        ("examples", "cr:examples", "@json", null),
        ("excludes", "cr:excludes", null, null),
        ("extract", "cr:extract", null, null),
        ("field", "cr:field", null, null),
        ("fileObject", "cr:fileObject", null, null),
        ("fileProperty", "cr:fileProperty", null, null),
        ("fileSet", "cr:fileSet", null, null),
        ("format", "cr:format", null, null),
        ("includes", "cr:includes", null, null),
        ("isArray", "cr:isArray", null, null),
        ("isLiveDataset", "cr:isLiveDataset", null, null),
        ("jsonPath", "cr:jsonPath", null, null),
        ("key", "cr:key", null, null),
        ("md5", "cr:md5", null, null),
        ("name", null, null, "@language"),
        ("parentField", "cr:parentField", null, null),
        ("path", "cr:path", null, null),
        ("readLines", "cr:readLines", null, null),
        ("recordSet", "cr:recordSet", null, null),
        ("references", "cr:references", null, null),
        ("regex", "cr:regex", null, null),
        ("repeated", "cr:repeated", null, null),
        ("replace", "cr:replace", null, null),
        ("samplingRate", "cr:samplingRate", null, null),
        ("sdVersion", "cr:sdVersion", null, null),
        ("separator", "cr:separator", null, null),
        ("source", "cr:source", null, null),
        ("subField", "cr:subField", null, null),
        ("transform", "cr:transform", null, null),
        ("unArchive", "cr:unArchive", null, null),
        ("value", "cr:value", null, null),
    ];

    /// <summary>The croissant.json text (UTF-8 when written; ends with a newline).</summary>
    public static string Write(CroissantDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        Validate(dataset);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            WriteContext(json);
            json.WriteString("@type", "sc:Dataset");
            json.WriteString("conformsTo", ConformsTo);
            json.WriteString("name", dataset.Name);
            json.WriteString("description", string.IsNullOrWhiteSpace(dataset.Description)
                ? $"{dataset.Name} {dataset.Version}, built by DatasetBuild."
                : dataset.Description);
            json.WriteString("version", dataset.Version);
            WriteLicense(json, dataset.Sources.Select(s => s.License));
            WriteOptional(json, "url", dataset.Url);
            WriteOptional(json, "citeAs", dataset.CiteAs);
            if (dataset.DatePublished is { } published)
            {
                json.WriteString("datePublished", published.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            if (dataset.Creator is { } creator)
            {
                json.WriteStartObject("creator");
                json.WriteString("@type", "sc:Organization");
                json.WriteString("name", creator);
                json.WriteEndObject();
            }

            if (dataset.Keywords.Count > 0)
            {
                json.WriteStartArray("keywords");
                dataset.Keywords.ForEach(json.WriteStringValue);
                json.WriteEndArray();
            }

            WriteDistribution(json, dataset);
            WriteRecordSets(json, dataset);
            WriteProvenance(json, dataset.Sources);
            WriteRai(json, dataset.Rai);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>
    /// How a licence expression is written: a single SPDX id as its spdx.org page, anything else
    /// (<c>AND</c>/<c>OR</c>, <c>WITH</c>, <c>+</c>, <c>LicenseRef-…</c>, NOASSERTION) as the expression itself.
    /// </summary>
    public static string LicenseValue(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var parsed = SpdxExpression.Parse(expression);
        if (parsed.Expression is SpdxLicenseTerm { IsLicenseRef: false, OrLater: false, Exception: null } term)
        {
            var known = LicenseTable.Default.Find(term.Id);
            if (known is null || known.Category != LicenseCategory.Unspecified)
            {
                return $"https://spdx.org/licenses/{known?.Id ?? term.Id}.html";
            }
        }

        return expression.Trim();
    }

    private static void Validate(CroissantDataset dataset)
    {
        Require(dataset.Name, "the dataset name");
        Require(dataset.Version, "the dataset version");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in dataset.Files)
        {
            Require(file.Id, "a file's id");
            Require(file.ContentUrl, $"the contentUrl of file '{file.Id}'");
            Require(file.EncodingFormat, $"the encodingFormat of file '{file.Id}'");
            Require(file.Sha256, $"the sha256 of file '{file.Id}'");
            Unique(ids, file.Id);
        }

        var fileIds = new HashSet<string>(ids, StringComparer.Ordinal);
        foreach (var set in dataset.FileSets)
        {
            Require(set.Id, "a file set's id");
            Require(set.EncodingFormat, $"the encodingFormat of file set '{set.Id}'");
            if (set.Includes.Count == 0)
            {
                throw new ArgumentException($"file set '{set.Id}' has no includes pattern");
            }

            if (set.ContainedIn is { } container && !fileIds.Contains(container))
            {
                throw new ArgumentException($"file set '{set.Id}' is contained in '{container}', which is not a file of the dataset");
            }

            Unique(ids, set.Id);
        }

        var resources = new HashSet<string>(ids, StringComparer.Ordinal);
        foreach (var recordSet in dataset.RecordSets)
        {
            Require(recordSet.Id, "a record set's id");
            Unique(ids, recordSet.Id);
            if (!resources.Contains(recordSet.Source))
            {
                throw new ArgumentException($"record set '{recordSet.Id}' reads '{recordSet.Source}', which is not a file or file set of the dataset");
            }

            var fields = new HashSet<string>(StringComparer.Ordinal);
            foreach (var field in recordSet.Fields)
            {
                Require(field.Name, $"a field name of record set '{recordSet.Id}'");
                Require(field.DataType, $"the dataType of field '{recordSet.Id}/{field.Name}'");
                if (!fields.Add(field.Name))
                {
                    throw new ArgumentException($"record set '{recordSet.Id}' has two fields named '{field.Name}'");
                }

                Unique(ids, $"{recordSet.Id}/{field.Name}");
            }

            if (recordSet.Key is { } key && !fields.Contains(key))
            {
                throw new ArgumentException($"the key '{key}' of record set '{recordSet.Id}' is not one of its fields");
            }
        }

        foreach (var source in dataset.Sources)
        {
            Require(source.Name, "a source name");
            Require(source.License, $"the licence of source '{source.Name}'");
            Unique(ids, $"sources/{source.Name}");
        }

        var rai = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in dataset.Rai.Keys)
        {
            if (!RaiProperties.Contains(RaiName(key), StringComparer.Ordinal))
            {
                throw new ArgumentException($"'{key}' is not a Croissant RAI property; expected one of {string.Join(", ", RaiProperties)}");
            }

            if (!rai.Add(RaiName(key)))
            {
                throw new ArgumentException($"the RAI property '{RaiName(key)}' is given twice");
            }
        }
    }

    private static void Require(string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"Croissant needs {what}");
        }
    }

    private static void Unique(HashSet<string> ids, string id)
    {
        if (!ids.Add(id))
        {
            throw new ArgumentException($"the @id '{id}' is used twice; Croissant ids must be unique");
        }
    }

    private static string RaiName(string key) => key.StartsWith("rai:", StringComparison.Ordinal) ? key[4..] : key;

    private static void WriteContext(Utf8JsonWriter json)
    {
        json.WriteStartObject("@context");
        foreach (var (term, id, type, container) in Context)
        {
            if (type is null && container is null)
            {
                json.WriteString(term, id);
                continue;
            }

            json.WriteStartObject(term);
            WriteOptional(json, "@id", id);
            WriteOptional(json, "@type", type);
            WriteOptional(json, "@container", container);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteLicense(Utf8JsonWriter json, IEnumerable<string> expressions)
    {
        var licenses = expressions.Select(LicenseValue).Distinct(StringComparer.Ordinal).ToList();
        if (licenses.Count == 1)
        {
            json.WriteString("license", licenses[0]);
        }
        else if (licenses.Count > 1)
        {
            json.WriteStartArray("license");
            licenses.ForEach(json.WriteStringValue);
            json.WriteEndArray();
        }
    }

    private static void WriteDistribution(Utf8JsonWriter json, CroissantDataset dataset)
    {
        json.WriteStartArray("distribution");
        foreach (var file in dataset.Files)
        {
            json.WriteStartObject();
            json.WriteString("@type", "cr:FileObject");
            json.WriteString("@id", file.Id);
            json.WriteString("name", file.Name ?? file.ContentUrl[(file.ContentUrl.LastIndexOf('/') + 1)..]);
            WriteOptional(json, "description", file.Description);
            json.WriteString("contentUrl", file.ContentUrl);
            if (file.ContentSize is { } size)
            {
                json.WriteString("contentSize", string.Create(CultureInfo.InvariantCulture, $"{size} B"));
            }

            json.WriteString("encodingFormat", file.EncodingFormat);
            json.WriteString("sha256", file.Sha256);
            json.WriteEndObject();
        }

        foreach (var set in dataset.FileSets)
        {
            json.WriteStartObject();
            json.WriteString("@type", "cr:FileSet");
            json.WriteString("@id", set.Id);
            json.WriteString("name", set.Name ?? set.Id);
            WriteOptional(json, "description", set.Description);
            if (set.ContainedIn is { } container)
            {
                WriteReference(json, "containedIn", container);
            }

            json.WriteString("encodingFormat", set.EncodingFormat);
            if (set.Includes.Count == 1)
            {
                json.WriteString("includes", set.Includes[0]);
            }
            else
            {
                json.WriteStartArray("includes");
                set.Includes.ForEach(json.WriteStringValue);
                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteRecordSets(Utf8JsonWriter json, CroissantDataset dataset)
    {
        var fileSets = dataset.FileSets.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        json.WriteStartArray("recordSet");
        foreach (var recordSet in dataset.RecordSets)
        {
            json.WriteStartObject();
            json.WriteString("@type", "cr:RecordSet");
            json.WriteString("@id", recordSet.Id);
            json.WriteString("name", recordSet.Name ?? recordSet.Id);
            WriteOptional(json, "description", recordSet.Description);
            if (recordSet.Key is { } key)
            {
                WriteReference(json, "key", $"{recordSet.Id}/{key}");
            }

            json.WriteStartArray("field");
            foreach (var field in recordSet.Fields)
            {
                json.WriteStartObject();
                json.WriteString("@type", "cr:Field");
                json.WriteString("@id", $"{recordSet.Id}/{field.Name}");
                json.WriteString("name", field.Name);
                WriteOptional(json, "description", field.Description);
                if (field.IsLabel)
                {
                    json.WriteStartArray("dataType");
                    json.WriteStringValue(field.DataType);
                    json.WriteStringValue("cr:Label");
                    json.WriteEndArray();
                }
                else
                {
                    json.WriteString("dataType", field.DataType);
                }

                json.WriteStartObject("source");
                WriteReference(json, fileSets.Contains(recordSet.Source) ? "fileSet" : "fileObject", recordSet.Source);
                json.WriteStartObject("extract");
                json.WriteString("column", field.Column ?? field.Name);
                json.WriteEndObject();
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteProvenance(Utf8JsonWriter json, List<CroissantSource> sources)
    {
        if (sources.Count == 0)
        {
            return;
        }

        json.WriteStartArray("prov:wasDerivedFrom");
        foreach (var source in sources)
        {
            json.WriteStartObject();
            json.WriteString("@type", "prov:Entity");
            json.WriteString("@id", $"sources/{source.Name}");
            json.WriteString("name", source.Name);
            WriteOptional(json, "description", source.Origin);
            var url = source.Url ?? (IsUrl(source.Origin) ? source.Origin : null);
            WriteOptional(json, "url", url);
            json.WriteString("license", LicenseValue(source.License));
            WriteOptional(json, "dateCreated", source.Collected);
            var usage = new List<string>();
            if (source.Consent is { } consent)
            {
                usage.Add($"consent: {consent}");
            }

            if (source.Permissions.Count > 0)
            {
                usage.Add($"permissions: {string.Join(", ", source.Permissions)}");
            }

            if (usage.Count > 0)
            {
                json.WriteString("usageInfo", string.Join("; ", usage));
            }

            if (source.Method is { } method)
            {
                json.WriteStartObject("prov:wasGeneratedBy");
                json.WriteString("@type", "prov:Activity");
                json.WriteString("prov:label", method);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteRai(Utf8JsonWriter json, Dictionary<string, string> rai)
    {
        var byName = rai.ToDictionary(p => RaiName(p.Key), p => p.Value, StringComparer.Ordinal);
        foreach (var property in RaiProperties)
        {
            if (byName.TryGetValue(property, out var value))
            {
                json.WriteString($"rai:{property}", value);
            }
        }
    }

    private static bool IsUrl(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static void WriteReference(Utf8JsonWriter json, string property, string id)
    {
        json.WriteStartObject(property);
        json.WriteString("@id", id);
        json.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter json, string property, string? value)
    {
        if (value is not null)
        {
            json.WriteString(property, value);
        }
    }
}
