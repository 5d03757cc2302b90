using System.IO.Hashing;
using System.Text;
using MathNet.Numerics.LinearAlgebra;

namespace DatasetBuild.Core.Review;

/// <summary>
/// Spectral review of a text collection: hashed TF-IDF vectors (<see cref="TermVector"/>), the top principal
/// directions from a truncated eigen-decomposition of their uncentred covariance (latent semantic analysis,
/// fitted on a deterministic sample with Math.NET Numerics), then per record an outlier score — the share of
/// its vector left off the top components (1 − ‖projection‖², 0 = fully explained, 1 = unlike anything) —
/// and a neighbourhood: the cell of its projection under seeded random hyperplanes, whose population is its
/// redundancy. Two streaming passes over the texts; memory is the sample plus a few bytes per record.
/// </summary>
public sealed class SpectralReview(int dimensions = 512, int components = 16, int sampleSize = 20_000, long seed = 0)
{
    /// <summary>Scores every text of the stream (called twice, in the same order); null texts score 0 and join no cell.</summary>
    public SpectralScores Score(Func<IEnumerable<string?>> texts, int count)
    {
        var every = Math.Max(1, (count + sampleSize - 1) / sampleSize);
        var documentFrequency = new int[dimensions];
        var sample = new List<TermVector>();
        var n = 0;
        foreach (var text in texts())
        {
            var vector = TermVector.Of(text, dimensions);
            foreach (var index in vector.Indices)
            {
                documentFrequency[index]++;
            }

            if (n++ % every == 0 && vector.Indices.Length > 0)
            {
                sample.Add(vector);
            }
        }

        var idf = documentFrequency.Select(df => (float)(Math.Log((1.0 + n) / (1.0 + df)) + 1)).ToArray();
        foreach (var vector in sample)
        {
            vector.Weigh(idf);
        }

        var basis = Components(sample);
        var k = basis.Length / dimensions;
        var planes = Hyperplanes(k, CellBits(n));
        var residual = new float[n];
        var cell = new int[n];
        var projection = new double[k];
        var i = 0;
        foreach (var text in texts())
        {
            var vector = TermVector.Of(text, dimensions);
            if (vector.Indices.Length == 0 || k == 0)
            {
                cell[i++] = -1;
                continue;
            }

            vector.Weigh(idf);
            double explained = 0;
            for (var c = 0; c < k; c++)
            {
                double dot = 0;
                for (var j = 0; j < vector.Indices.Length; j++)
                {
                    dot += vector.Values[j] * basis[(c * dimensions) + vector.Indices[j]];
                }

                projection[c] = dot;
                explained += dot * dot;
            }

            residual[i] = (float)Math.Clamp(1 - explained, 0, 1);
            cell[i++] = CellOf(projection, planes);
        }

        return new SpectralScores(residual, cell, k);
    }

    /// <summary>The top eigenvectors of XᵀX over the sample, row-major (component × dimension).</summary>
    private float[] Components(List<TermVector> sample)
    {
        var k = Math.Min(components, Math.Min(sample.Count, dimensions));
        if (k == 0)
        {
            return [];
        }

        var covariance = new double[dimensions, dimensions];
        foreach (var vector in sample)
        {
            for (var a = 0; a < vector.Indices.Length; a++)
            {
                for (var b = 0; b < vector.Indices.Length; b++)
                {
                    covariance[vector.Indices[a], vector.Indices[b]] += (double)vector.Values[a] * vector.Values[b];
                }
            }
        }

        var evd = Matrix<double>.Build.DenseOfArray(covariance).Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, dimensions).OrderByDescending(c => evd.EigenValues[c].Real).ThenBy(c => c).Take(k).ToList();
        var basis = new float[k * dimensions];
        for (var c = 0; c < k; c++)
        {
            var column = evd.EigenVectors.Column(order[c]);
            // An eigenvector's sign is arbitrary: fix it so its largest entry is positive.
            var sign = column.Enumerate().MaxBy(Math.Abs) < 0 ? -1 : 1;
            for (var d = 0; d < dimensions; d++)
            {
                basis[(c * dimensions) + d] = (float)(sign * column[d]);
            }
        }

        return basis;
    }

    /// <summary>About four records per cell on average: between 1 and 16 hyperplanes.</summary>
    private static int CellBits(int count) => Math.Clamp((int)Math.Round(Math.Log2(Math.Max(1, count / 4.0))), 1, 16);

    private double[][] Hyperplanes(int k, int bits)
    {
        var planes = new double[bits][];
        for (var b = 0; b < bits; b++)
        {
            planes[b] = new double[k];
            for (var c = 0; c < k; c++)
            {
                // A deterministic pseudo-Gaussian from the seed: the sum of four uniform hashes, centred.
                double sum = 0;
                for (var u = 0; u < 4; u++)
                {
                    sum += XxHash64.HashToUInt64(Encoding.ASCII.GetBytes($"{b}/{c}/{u}"), seed) / (double)ulong.MaxValue;
                }

                planes[b][c] = sum - 2;
            }
        }

        return planes;
    }

    private static int CellOf(double[] projection, double[][] planes)
    {
        var cell = 0;
        for (var b = 0; b < planes.Length; b++)
        {
            double dot = 0;
            for (var c = 0; c < projection.Length; c++)
            {
                dot += projection[c] * planes[b][c];
            }

            cell = (cell << 1) | (dot >= 0 ? 1 : 0);
        }

        return cell;
    }
}

/// <summary>Per record (in stream order): outlier score and neighbourhood cell (-1 for an empty text).</summary>
public sealed record SpectralScores(float[] Residual, int[] Cell, int Components)
{
    /// <summary>How many records share each record's cell (its redundancy); 0 for records in no cell.</summary>
    public int[] Density()
    {
        var sizes = new Dictionary<int, int>();
        foreach (var c in Cell.Where(c => c >= 0))
        {
            sizes[c] = sizes.GetValueOrDefault(c) + 1;
        }

        return Cell.Select(c => c >= 0 ? sizes[c] : 0).ToArray();
    }
}
