namespace DatasetBuild.Core.Sources;

/// <summary>The reader for each <c>format:</c> of a source.</summary>
public static class SourceReaders
{
    public static ISourceReader For(string format, char delimiter = ',') => format switch
    {
        "jsonl" => new JsonlSourceReader(),
        "csv" => new CsvSourceReader(delimiter),
        "parquet" => new ParquetSourceReader(),
        "text" => new TextSourceReader(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown source format"),
    };
}
