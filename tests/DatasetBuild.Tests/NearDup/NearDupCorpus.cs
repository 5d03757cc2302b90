using System.Text;

namespace DatasetBuild.Tests.NearDup;

/// <summary>
/// A synthetic corpus for near-duplicate accuracy: documents of 150-200 words drawn (Zipf) from generated
/// pseudo-words, plus families of variants made by replacing, inserting and deleting a share of an
/// original's words (0-12%, so word 5-gram Jaccard spans about 0.45-1.0); some variants are edits of an
/// earlier variant, making chains. Documents are shuffled into canonical order. Deterministic for a seed.
/// Texts are already normalised (lower-case words, one space); Family is the original a document belongs
/// with (for an original with variants too), or −1 for an unrelated document.
/// </summary>
internal sealed record NearDupCorpus(IReadOnlyList<string> Texts, IReadOnlyList<int> Family)
{
    public static NearDupCorpus Generate(int seed, int originals, int families, int minWords = 150, int maxWords = 200) =>
        new Generator(seed).Generate(originals, families, minWords, maxWords);

    private sealed class Generator
    {
        private const double MaxEditRate = 0.12;
        private const int VocabularySize = 5000;

        private readonly Random _random;
        private readonly string[] _vocabulary;
        private readonly double[] _cumulative = new double[VocabularySize];

        public Generator(int seed)
        {
            _random = new Random(seed);
            _vocabulary = Vocabulary(_random, VocabularySize);
            var total = 0.0;
            for (var rank = 0; rank < VocabularySize; rank++)
            {
                total += 1 / Math.Pow(rank + 1, 0.9);
                _cumulative[rank] = total;
            }

            for (var rank = 0; rank < VocabularySize; rank++)
            {
                _cumulative[rank] /= total;
            }
        }

        public NearDupCorpus Generate(int originals, int families, int minWords, int maxWords)
        {
            var documents = new List<(string[] Words, int Family)>();
            for (var i = 0; i < originals; i++)
            {
                documents.Add((Document(_random.Next(minWords, maxWords + 1)), i < families ? i : -1));
            }

            for (var family = 0; family < families; family++)
            {
                var members = new List<string[]> { documents[family].Words };
                var variants = _random.Next(1, 5);
                for (var v = 0; v < variants; v++)
                {
                    var source = _random.NextDouble() < 0.3 ? members[^1] : members[0];
                    var variant = Edit(source, _random.NextDouble() * MaxEditRate);
                    members.Add(variant);
                    documents.Add((variant, family));
                }
            }

            var order = Enumerable.Range(0, documents.Count).ToArray();
            _random.Shuffle(order);
            return new NearDupCorpus(
                order.Select(i => string.Join(' ', documents[i].Words)).ToArray(),
                order.Select(i => documents[i].Family).ToArray());
        }

        private string[] Document(int words) => Enumerable.Range(0, words).Select(_ => Word()).ToArray();

        private string Word()
        {
            var rank = Array.BinarySearch(_cumulative, _random.NextDouble());
            return _vocabulary[Math.Min(rank < 0 ? ~rank : rank, _vocabulary.Length - 1)];
        }

        private string[] Edit(string[] words, double rate)
        {
            var edited = new List<string>(words.Length + 8);
            foreach (var word in words)
            {
                if (_random.NextDouble() >= rate)
                {
                    edited.Add(word);
                    continue;
                }

                var operation = _random.NextDouble();
                if (operation < 0.5)
                {
                    edited.Add(Word());
                }
                else if (operation < 0.75)
                {
                    edited.Add(word);
                    edited.Add(Word());
                }
            }

            return edited.Count > 0 ? edited.ToArray() : [Word()];
        }

        private static string[] Vocabulary(Random random, int size)
        {
            const string consonants = "bcdfghjklmnprstvwz";
            const string vowels = "aeiou";
            var words = new HashSet<string>(StringComparer.Ordinal);
            var builder = new StringBuilder();
            while (words.Count < size)
            {
                builder.Clear();
                var syllables = random.Next(1, 4);
                for (var s = 0; s < syllables; s++)
                {
                    builder.Append(consonants[random.Next(consonants.Length)]).Append(vowels[random.Next(vowels.Length)]);
                    if (random.NextDouble() < 0.3)
                    {
                        builder.Append(consonants[random.Next(consonants.Length)]);
                    }
                }

                words.Add(builder.ToString());
            }

            return words.Order(StringComparer.Ordinal).ToArray();
        }
    }
}
