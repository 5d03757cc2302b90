using DatasetBuild.Core.Engine.Stages.Emit;

namespace DatasetBuild.Core.Provenance;

/// <summary>Token totals and a length histogram per split: what a fine-tuning run on the dataset will cost.</summary>
public sealed class TokenStatistics(string tokenizer, string format) : IEmitTally
{
    /// <summary>Histogram bucket upper bounds (inclusive); longer examples fall in the last, open bucket.</summary>
    public static readonly int[] Buckets = [16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768];

    private readonly SortedDictionary<string, (long Examples, long Total, int Min, int Max, long[] Histogram)> _splits = new(StringComparer.Ordinal);

    public void Add(string split, int? tokens)
    {
        if (tokens is not { } n)
        {
            return;
        }

        var s = _splits.TryGetValue(split, out var existing) ? existing : (0, 0, int.MaxValue, 0, new long[Buckets.Length + 1]);
        var bucket = Array.FindIndex(Buckets, b => n <= b);
        s.Histogram[bucket < 0 ? Buckets.Length : bucket]++;
        _splits[split] = (s.Examples + 1, s.Total + n, Math.Min(s.Min, n), Math.Max(s.Max, n), s.Histogram);
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_splits.Count);
        foreach (var (split, s) in _splits)
        {
            writer.Write(split);
            writer.Write(s.Examples);
            writer.Write(s.Total);
            writer.Write(s.Min);
            writer.Write(s.Max);
            foreach (var count in s.Histogram)
            {
                writer.Write(count);
            }
        }
    }

    public void MergeFrom(BinaryReader reader)
    {
        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            var split = reader.ReadString();
            var (examples, total, min, max) = (reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt32(), reader.ReadInt32());
            var s = _splits.TryGetValue(split, out var existing) ? existing : (0, 0, int.MaxValue, 0, new long[Buckets.Length + 1]);
            for (var i = 0; i < s.Histogram.Length; i++)
            {
                s.Histogram[i] += reader.ReadInt64();
            }

            _splits[split] = (s.Examples + examples, s.Total + total, Math.Min(s.Min, min), Math.Max(s.Max, max), s.Histogram);
        }
    }

    public ManifestTokens ToManifest() => new()
    {
        Tokenizer = tokenizer,
        Format = format,
        Splits = _splits.ToDictionary(
            s => s.Key,
            s => new ManifestTokenSplit
            {
                Examples = s.Value.Examples,
                Total = s.Value.Total,
                Min = s.Value.Examples == 0 ? 0 : s.Value.Min,
                Max = s.Value.Max,
                Mean = s.Value.Examples == 0 ? 0 : Math.Round((double)s.Value.Total / s.Value.Examples, 1),
                Histogram = s.Value.Histogram
                    .Select((count, i) => new ManifestTokenBucket { UpTo = i < Buckets.Length ? Buckets[i] : null, Examples = count })
                    .ToList(),
            }),
    };
}
