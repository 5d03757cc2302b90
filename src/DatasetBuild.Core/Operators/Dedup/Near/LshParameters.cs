namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// How a MinHash signature is cut for locality-sensitive hashing: <see cref="Bands"/> bands of
/// <see cref="Rows"/> consecutive values each (Bands × Rows ≤ permutations; the rest is unused). Two records
/// become a candidate pair when all rows of at least one band agree, which for Jaccard similarity s happens
/// with probability <see cref="CandidateProbability"/> = 1 − (1 − s^Rows)^Bands.
/// </summary>
public readonly record struct LshParameters
{
    public LshParameters(int bands, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        Bands = bands;
        Rows = rows;
    }

    public int Bands { get; }

    public int Rows { get; }

    /// <summary>The probability that two records with Jaccard similarity <paramref name="jaccard"/> share a band.</summary>
    public double CandidateProbability(double jaccard) => 1 - Math.Pow(1 - Math.Pow(jaccard, Rows), Bands);

    /// <summary>
    /// The spec's choice: explicit <paramref name="bands"/> and <paramref name="rows"/> when both are given; one
    /// of them alone takes as many of the other as the permutations allow; neither gives
    /// <see cref="Optimal"/> for the threshold with the given weights.
    /// </summary>
    public static LshParameters Resolve(
        double threshold, int permutations, int? bands, int? rows, double falsePositiveWeight = 0.5, double falseNegativeWeight = 0.5)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        var chosen = (bands, rows) switch
        {
            ({ } b, { } r) => new LshParameters(b, r),
            ({ } b, null) => new LshParameters(b, Math.Max(1, permutations / Math.Max(1, b))),
            (null, { } r) => new LshParameters(Math.Max(1, permutations / Math.Max(1, r)), r),
            _ => Optimal(threshold, permutations, falsePositiveWeight, falseNegativeWeight),
        };
        if ((long)chosen.Bands * chosen.Rows > permutations)
        {
            throw new ArgumentException($"bands × rows ({chosen.Bands} × {chosen.Rows}) is more than the {permutations} permutations");
        }

        return chosen;
    }

    /// <summary>
    /// datasketch's <c>_optimal_param</c>: over every (bands, rows) with bands × rows ≤ permutations (bands
    /// ascending, then rows ascending; the first minimum wins), minimise
    /// falsePositiveWeight × ∫₀^threshold P(s) ds + falseNegativeWeight × ∫_threshold^1 (1 − P(s)) ds,
    /// with P the <see cref="CandidateProbability"/>. The integrals are adaptive Simpson over 64 panels to 1e-9
    /// (datasketch's scipy.integrate.quad aims at 1.5e-8). A search costs ~15 ms and a build asks a few times for the
    /// same few settings, so answers are remembered for the process (a handful of numbers, not data).
    /// </summary>
    public static LshParameters Optimal(
        double threshold, int permutations, double falsePositiveWeight = 0.5, double falseNegativeWeight = 0.5) =>
        Searched.GetOrAdd((threshold, permutations, falsePositiveWeight, falseNegativeWeight), key => Search(key.Threshold, key.Permutations, key.FalsePositiveWeight, key.FalseNegativeWeight));

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(double Threshold, int Permutations, double FalsePositiveWeight, double FalseNegativeWeight), LshParameters> Searched = new();

    private static LshParameters Search(double threshold, int permutations, double falsePositiveWeight, double falseNegativeWeight)
    {
        if (!(threshold > 0 && threshold <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "the threshold is a Jaccard similarity in (0, 1]");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(permutations, 1);
        var best = new LshParameters(1, 1);
        var bestError = double.PositiveInfinity;
        for (var bands = 1; bands <= permutations; bands++)
        {
            for (var rows = 1; rows <= permutations / bands; rows++)
            {
                var candidate = new LshParameters(bands, rows);
                var falsePositive = Integrate(candidate.CandidateProbability, 0, threshold);
                var falseNegative = Integrate(s => 1 - candidate.CandidateProbability(s), threshold, 1);
                var error = (falsePositiveWeight * falsePositive) + (falseNegativeWeight * falseNegative);
                if (error < bestError)
                {
                    bestError = error;
                    best = candidate;
                }
            }
        }

        return best;
    }

    private static double Integrate(Func<double, double> f, double from, double to)
    {
        if (to <= from)
        {
            return 0;
        }

        // 64 fixed panels first, so a steep integrand cannot fool the adaptive step with three flat samples.
        const int Panels = 64;
        var sum = 0.0;
        for (var i = 0; i < Panels; i++)
        {
            var a = from + ((to - from) * i / Panels);
            var b = from + ((to - from) * (i + 1) / Panels);
            var (fa, fm, fb) = (f(a), f((a + b) / 2), f(b));
            sum += Simpson(f, a, b, fa, fm, fb, Simpson(a, b, fa, fm, fb), 1e-9 / Panels, 12);
        }

        return sum;
    }

    private static double Simpson(double a, double b, double fa, double fm, double fb) => (b - a) / 6 * (fa + (4 * fm) + fb);

    private static double Simpson(
        Func<double, double> f, double a, double b, double fa, double fm, double fb, double whole, double tolerance, int depth)
    {
        var m = (a + b) / 2;
        var (lm, rm) = ((a + m) / 2, (m + b) / 2);
        var (flm, frm) = (f(lm), f(rm));
        var left = Simpson(a, m, fa, flm, fm);
        var right = Simpson(m, b, fm, frm, fb);
        var delta = left + right - whole;
        if (depth <= 0 || Math.Abs(delta) <= 15 * tolerance)
        {
            return left + right + (delta / 15);
        }

        return Simpson(f, a, m, fa, flm, fm, left, tolerance / 2, depth - 1)
            + Simpson(f, m, b, fm, frm, fb, right, tolerance / 2, depth - 1);
    }
}
