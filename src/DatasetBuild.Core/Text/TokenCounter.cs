using Microsoft.ML.Tokenizers;

namespace DatasetBuild.Core.Text;

/// <summary>
/// Counts tokens with the tiktoken encodings of Microsoft.ML.Tokenizers (o200k_base, cl100k_base), whose
/// vocabularies ship in NuGet data packages: nothing is downloaded at build time.
/// </summary>
public sealed class TokenCounter
{
    private readonly Tokenizer _tokenizer;

    private TokenCounter(Tokenizer tokenizer) => _tokenizer = tokenizer;

    public static TokenCounter Create(string encoding) => new(TiktokenTokenizer.CreateForEncoding(encoding));

    /// <summary>The tokens of the texts, summed (the contents of an example's messages or fields).</summary>
    public int Count(IEnumerable<string> texts) => texts.Sum(t => _tokenizer.CountTokens(t));
}
