namespace DatasetBuild.Core.Governance;

/// <summary>What <see cref="CroissantWriter"/> describes: filled from the spec and the manifest.</summary>
public sealed class CroissantDataset
{
    /// <summary>Spec <c>name</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>Spec <c>description</c>; Croissant requires one, so the writer falls back to a generated sentence.</summary>
    public string? Description { get; set; }

    /// <summary>Spec <c>version</c> (semver).</summary>
    public string Version { get; set; } = "";

    /// <summary>The dataset's web page, when published.</summary>
    public string? Url { get; set; }

    /// <summary>A citation for the dataset (BibTeX recommended).</summary>
    public string? CiteAs { get; set; }

    /// <summary>Only when given: the writer never reads the clock (use <c>SOURCE_DATE_EPOCH</c>).</summary>
    public DateOnly? DatePublished { get; set; }

    /// <summary>The organisation that made the dataset, written as an <c>sc:Organization</c>.</summary>
    public string? Creator { get; set; }

    public List<string> Keywords { get; set; } = [];

    /// <summary>The sources: their licences make the dataset's <c>license</c>, each one a <c>prov:wasDerivedFrom</c> entry.</summary>
    public List<CroissantSource> Sources { get; set; } = [];

    /// <summary>The data files (<c>cr:FileObject</c>), manifest <c>outputs[]</c>.</summary>
    public List<CroissantFile> Files { get; set; } = [];

    /// <summary>Optional groups of files (<c>cr:FileSet</c>).</summary>
    public List<CroissantFileSet> FileSets { get; set; } = [];

    public List<CroissantRecordSet> RecordSets { get; set; } = [];

    /// <summary>
    /// Responsible-AI properties of the Croissant RAI vocabulary, by name with or without the <c>rai:</c>
    /// prefix (<c>dataCollection</c>, <c>dataBiases</c>…; see <see cref="CroissantWriter.RaiProperties"/>).
    /// </summary>
    public Dictionary<string, string> Rai { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A source the dataset was derived from.</summary>
public sealed class CroissantSource
{
    public string Name { get; set; } = "";

    /// <summary>The SPDX expression; a single SPDX id is written as its spdx.org URL.</summary>
    public string License { get; set; } = "";

    /// <summary>Provenance <c>origin</c>, written as the entity's description (and as its url when it is one).</summary>
    public string? Origin { get; set; }

    /// <summary>Where the source can be found, when known.</summary>
    public string? Url { get; set; }

    /// <summary>Provenance <c>collected</c>, written as <c>dateCreated</c>.</summary>
    public string? Collected { get; set; }

    /// <summary>Provenance <c>method</c>, written as the label of the generating <c>prov:Activity</c>.</summary>
    public string? Method { get; set; }

    /// <summary>Provenance <c>consent</c>, written into <c>usageInfo</c>.</summary>
    public string? Consent { get; set; }

    /// <summary>Provenance <c>permissions</c>, written into <c>usageInfo</c>.</summary>
    public List<string> Permissions { get; set; } = [];
}

/// <summary>One data file (<c>cr:FileObject</c>).</summary>
public sealed class CroissantFile
{
    /// <summary>The <c>@id</c>; by default the relative path, which is unique in the output folder.</summary>
    public string Id { get; set; } = "";

    /// <summary>Defaults to the file name of <see cref="ContentUrl"/>.</summary>
    public string? Name { get; set; }

    /// <summary>Path relative to croissant.json, with '/' separators (<c>data/train.parquet</c>).</summary>
    public string ContentUrl { get; set; } = "";

    /// <summary>A MIME type; see <see cref="CroissantFormats"/>.</summary>
    public string EncodingFormat { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the file's bytes.</summary>
    public string Sha256 { get; set; } = "";

    /// <summary>Size in bytes, written as <c>"N B"</c> when given.</summary>
    public long? ContentSize { get; set; }

    public string? Description { get; set; }
}

/// <summary>A group of files (<c>cr:FileSet</c>), e.g. every split's Parquet file.</summary>
public sealed class CroissantFileSet
{
    public string Id { get; set; } = "";

    public string? Name { get; set; }

    public string? Description { get; set; }

    /// <summary>The <c>@id</c> of a FileObject holding the files (an archive), or null for files beside croissant.json.</summary>
    public string? ContainedIn { get; set; }

    public string EncodingFormat { get; set; } = "";

    /// <summary>Glob patterns relative to the container (<c>data/*.parquet</c>).</summary>
    public List<string> Includes { get; set; } = [];
}

/// <summary>A table of records (<c>cr:RecordSet</c>) read from one FileObject or FileSet.</summary>
public sealed class CroissantRecordSet
{
    /// <summary>The <c>@id</c>; fields get <c>&lt;id&gt;/&lt;field&gt;</c>.</summary>
    public string Id { get; set; } = "records";

    public string? Name { get; set; }

    public string? Description { get; set; }

    /// <summary>The <c>@id</c> of the FileObject or FileSet the columns are read from.</summary>
    public string Source { get; set; } = "";

    /// <summary>The field whose values identify records (e.g. <c>id</c>), or null.</summary>
    public string? Key { get; set; }

    public List<CroissantField> Fields { get; set; } = [];
}

/// <summary>One column of a record set (<c>cr:Field</c>).</summary>
public sealed class CroissantField
{
    public string Name { get; set; } = "";

    public string? Description { get; set; }

    /// <summary>A Croissant data type, e.g. <c>sc:Text</c>; <see cref="CroissantFormats.DataTypeOf"/> maps schema types.</summary>
    public string DataType { get; set; } = "sc:Text";

    /// <summary>The column to extract; defaults to <see cref="Name"/>.</summary>
    public string? Column { get; set; }

    /// <summary>The training target: also typed <c>cr:Label</c>.</summary>
    public bool IsLabel { get; set; }
}

/// <summary>The MIME types and data types DatasetBuild's outputs map to in Croissant.</summary>
public static class CroissantFormats
{
    /// <summary>As mlcroissant names it.</summary>
    public const string Parquet = "application/x-parquet";

    /// <summary>As mlcroissant names it (there is no registered JSON Lines type).</summary>
    public const string JsonLines = "application/jsonlines";

    /// <summary>A manifest output <c>format</c> (parquet, jsonl, chat, instruction) as a MIME type.</summary>
    public static string EncodingFormatOf(string outputFormat) => outputFormat switch
    {
        "parquet" => Parquet,
        "jsonl" or "chat" or "instruction" => JsonLines,
        _ => throw new ArgumentException($"no Croissant encoding format for output format '{outputFormat}'", nameof(outputFormat)),
    };

    /// <summary>A spec schema type (string, int, float, bool, datetime; a trailing '?' is ignored) as a Croissant data type.</summary>
    public static string DataTypeOf(string schemaType) => schemaType.TrimEnd('?') switch
    {
        "string" => "sc:Text",
        "int" => "sc:Integer",
        "float" => "sc:Float",
        "bool" => "sc:Boolean",
        "datetime" => "sc:DateTime",
        _ => throw new ArgumentException($"no Croissant data type for schema type '{schemaType}'", nameof(schemaType)),
    };
}
