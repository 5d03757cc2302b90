using System.IO.Hashing;
using System.Runtime.InteropServices;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Core.Review;

/// <summary>
/// A text as a sparse vector of hashed word counts: each word of the normalised text (NFKC, lower case,
/// punctuation folded) goes to bucket XxHash3(word) mod <c>dimensions</c> (the hashing trick, so no
/// vocabulary is held). Indices ascend; values are raw counts until <see cref="Weigh"/> applies TF-IDF.
/// </summary>
public sealed class TermVector
{
    private TermVector(int[] indices, float[] values)
    {
        Indices = indices;
        Values = values;
    }

    public int[] Indices { get; }

    public float[] Values { get; }

    public static TermVector Of(string? text, int dimensions)
    {
        var counts = new SortedDictionary<int, float>();
        if (text is not null)
        {
            foreach (var word in TextNormalizer.Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var bucket = (int)(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(word.AsSpan())) % (ulong)dimensions);
                counts[bucket] = counts.GetValueOrDefault(bucket) + 1;
            }
        }

        return new TermVector([.. counts.Keys], [.. counts.Values]);
    }

    /// <summary>Sublinear TF (1 + ln count) times IDF, scaled to unit length (unchanged when empty).</summary>
    public void Weigh(float[] idf)
    {
        double norm = 0;
        for (var i = 0; i < Indices.Length; i++)
        {
            Values[i] = (float)((1 + Math.Log(Values[i])) * idf[Indices[i]]);
            norm += (double)Values[i] * Values[i];
        }

        if (norm > 0)
        {
            var scale = (float)(1 / Math.Sqrt(norm));
            for (var i = 0; i < Values.Length; i++)
            {
                Values[i] *= scale;
            }
        }
    }
}
