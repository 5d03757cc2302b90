namespace DatasetBuild.Core.Diagnostics;

/// <summary>
/// Every diagnostic code the tool emits. DSB1xxx spec, DSB2xxx sources and I/O,
/// DSB3xxx curation gates, DSB4xxx build and cache. Codes are public API: never renumber.
/// </summary>
public static class DiagnosticCodes
{
    // DSB1xxx: the spec
    public const string SpecSyntax = "DSB1001";
    public const string SpecDuplicateKey = "DSB1002";
    public const string SpecUnknownKey = "DSB1003";
    public const string SpecWrongType = "DSB1004";
    public const string SpecMissingKey = "DSB1005";
    public const string SpecBadValue = "DSB1006";
    public const string SpecBadSemver = "DSB1007";
    public const string SpecBadGlob = "DSB1008";
    public const string SpecUnknownOperator = "DSB1009";
    public const string SpecNotSupportedYet = "DSB1010";
    public const string SpecUnknownField = "DSB1011";
    public const string SpecBadExpression = "DSB1012";
    public const string SpecNotFound = "DSB1013";
    public const string SpecBadName = "DSB1014";
    public const string SpecExternalPath = "DSB1015";
    public const string SpecRefused = "DSB1016";

    // DSB2xxx: sources and I/O
    public const string SourceNoFiles = "DSB2001";
    public const string SourceUnreadable = "DSB2002";
    public const string SourceMalformedRecord = "DSB2003";
    public const string SourceBadValue = "DSB2004";
    public const string SourceMissingField = "DSB2005";
    public const string SourceDuplicateId = "DSB2006";
    public const string SourceMissingColumn = "DSB2007";
    public const string OutputWriteFailed = "DSB2008";
    public const string AssetDecoderUnavailable = "DSB2009";

    // DSB3xxx: curation gates
    public const string LabelUnknown = "DSB3001";
    public const string CoverageUnmet = "DSB3002";
    public const string LabelConflict = "DSB3003";
    public const string LicenseForbidden = "DSB3004";
    public const string NearDedupTooLarge = "DSB3005";
    public const string DatasetEmpty = "DSB3006";

    // DSB4xxx: build and cache
    public const string CacheCorrupt = "DSB4001";
    public const string StageOrder = "DSB4002";
    public const string LockMissing = "DSB4003";
    public const string LockSpecDrift = "DSB4004";
    public const string LockSourceDrift = "DSB4005";
    public const string LockContentDrift = "DSB4006";
    public const string VersionNotBumped = "DSB4007";
    public const string LockInvalid = "DSB4008";
    public const string GitFailed = "DSB4009";
    public const string RestoreDisabled = "DSB4010"; // raised by DatasetBuild.Sdk.targets
    public const string RestoreSetTooLate = "DSB4011"; // raised by DatasetBuild.Standalone.targets
    public const string InternalError = "DSB4999";
}
