using DatasetBuild.Core.Diagnostics;

namespace DatasetBuild.Core.Spec.Model;

/// <summary>
/// One configured operator (a filter, the label step, a dedup method). <see cref="Canonical"/> is its
/// configuration in a formatting-independent form, part of the stage cache key.
/// </summary>
public abstract record OperatorSpec(string Kind, string? Name, SourceLocation Location, string Canonical)
{
    /// <summary>The name shown in the manifest and lineage: the user's <c>name:</c>, else the operator kind.</summary>
    public string DisplayName => Name ?? Kind;
}

public sealed record LengthFilterSpec(
    string? Name, SourceLocation Location, string Canonical,
    string Field, int? MinWords, int? MaxWords, int? MinChars, int? MaxChars)
    : OperatorSpec("length", Name, Location, Canonical);

public sealed record WhereFilterSpec(
    string? Name, SourceLocation Location, string Canonical,
    string Expression)
    : OperatorSpec("where", Name, Location, Canonical);

public sealed record RequiredFilterSpec(
    string? Name, SourceLocation Location, string Canonical,
    IReadOnlyList<string> Fields)
    : OperatorSpec("required", Name, Location, Canonical);

/// <summary><c>tokens</c>: the token budget of the rendered fine-tuning example; applied after labels and dedup.</summary>
public sealed record TokensFilterSpec(
    string? Name, SourceLocation Location, string Canonical,
    int? Max, int? Min)
    : OperatorSpec("tokens", Name, Location, Canonical);

/// <summary>
/// <c>blocklist</c>: takedowns and erasure requests. Records whose <c>field</c> value is listed in <c>file</c>
/// (one value per line; blank lines and lines starting with '#' are ignored) are dropped from every output.
/// </summary>
public sealed record BlocklistFilterSpec(
    string? Name, SourceLocation Location, string Canonical,
    string Field, string File, SourceLocation FileLocation)
    : OperatorSpec("blocklist", Name, Location, Canonical);

/// <summary><c>pii</c>: finds emails, phone numbers, card numbers (Luhn), IPs, IBANs (checksum) and SSNs; redacts, drops or flags.</summary>
public sealed record PiiFilterSpec(
    string? Name, SourceLocation Location, string Canonical,
    IReadOnlyList<string> Fields, IReadOnlyList<string> Kinds, string Action)
    : OperatorSpec("pii", Name, Location, Canonical)
{
    public static readonly IReadOnlyList<string> AllKinds = ["email", "phone", "credit_card", "ip", "iban", "ssn"];

    public static readonly IReadOnlyList<string> Actions = ["redact", "drop", "flag"];
}

/// <summary><c>regex</c>: drop the records whose field matches (<c>action: drop</c>), or keep only those (<c>keep</c>).</summary>
public sealed record RegexFilterSpec(
    string? Name, SourceLocation Location, string Canonical,
    string Field, string Pattern, string Action)
    : OperatorSpec("regex", Name, Location, Canonical);

/// <summary><c>relevance</c>: keeps records that mention the task's keywords at least <c>min_hits</c> times.</summary>
public sealed record RelevanceFilterSpec(
    string? Name, SourceLocation Location, string Canonical,
    string Field, IReadOnlyList<string> Keywords, int MinHits)
    : OperatorSpec("relevance", Name, Location, Canonical);

/// <summary><c>quality</c>: a preset of heuristic text-quality rules, each threshold overridable by its key.</summary>
public sealed record QualityFilterSpec(
    string? Name, SourceLocation Location, string Canonical,
    string Preset, string Field, IReadOnlyDictionary<string, double> Thresholds)
    : OperatorSpec("quality", Name, Location, Canonical);

/// <summary>
/// <c>caption</c>: vague captions — too short, made only of generic phrases, or (with <c>max_reuse</c>) reused
/// verbatim by more than that many records — are dropped or, with <c>action: flag</c>, kept and noted.
/// </summary>
public sealed record CaptionFilterSpec(
    string? Name, SourceLocation Location, string Canonical,
    string Field, int MinWords, IReadOnlyList<string> Generic, int? MaxReuse, string Action)
    : OperatorSpec("caption", Name, Location, Canonical)
{
    public static readonly IReadOnlyList<string> Actions = ["drop", "flag"];

    /// <summary>Phrases that say nothing about a particular image or clip (used when <c>generic</c> is not given).</summary>
    public static readonly IReadOnlyList<string> DefaultGeneric =
    [
        "a person standing outside", "a person standing", "a man standing", "a woman standing", "people standing",
        "a picture", "an image", "a photo", "a photograph", "a screenshot", "a close up", "a view", "a scene",
        "image", "picture", "photo", "photograph", "screenshot", "stock photo", "untitled", "no caption",
        "no description", "placeholder", "caption", "something", "some people", "a thing", "an object",
    ];
}

/// <summary>
/// <c>assets</c>: every listed asset field must name a file that exists, can be read and (with <c>decode</c>)
/// decodes; images must meet <c>min_width</c>/<c>min_height</c>, audio <c>min_seconds</c>/<c>max_seconds</c>.
/// </summary>
public sealed record AssetsFilterSpec(
    string? Name, SourceLocation Location, string Canonical,
    IReadOnlyList<string> Fields, bool Decode, int? MinWidth, int? MinHeight, double? MinSeconds, double? MaxSeconds)
    : OperatorSpec("assets", Name, Location, Canonical);

/// <summary>
/// <c>transcript</c>: the words of the <c>text</c> field must fit the speech in the <c>audio</c> clip: words per
/// second of speech (20 ms frames louder than <c>silence_db</c>, pauses under 0.3 s counted as speech) within
/// the bounds; a near-silent or empty clip with a transcript is dropped.
/// </summary>
public sealed record TranscriptFilterSpec(
    string? Name, SourceLocation Location, string Canonical,
    string Audio, string Text, double MinWordsPerSecond, double MaxWordsPerSecond, double SilenceDb)
    : OperatorSpec("transcript", Name, Location, Canonical)
{
    public const double DefaultMinWordsPerSecond = 0.5;
    public const double DefaultMaxWordsPerSecond = 6;
    public const double DefaultSilenceDb = -40;
}
