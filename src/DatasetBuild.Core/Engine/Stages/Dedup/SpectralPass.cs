using System.Globalization;
using DatasetBuild.Core.Review;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// Spectral review (<c>review</c>) and <c>select.diversity</c>, last in the global pass: scores the records
/// still kept (<see cref="SpectralReview"/>), drops the most redundant ones when diversity asks for it —
/// water-filling, so the most crowded neighbourhoods shrink first and, inside one, the records best explained
/// by the top components (the most typical) go first — and lists the strongest outliers for review.
/// </summary>
public sealed class SpectralPass(ReviewSpec review, DiversitySpec? diversity, Func<IEnumerable<string?>> texts)
    : DedupPass(diversity is null ? "review" : "select.diversity", diversity is null ? "review" : "select")
{
    public const string Reason = "redundant: crowded neighbourhood";

    public ReviewSummary Summary { get; } = new();

    public override void Run(KeyTable table, Decisions decisions)
    {
        var kept = Enumerable.Range(0, table.Count).Where(n => !IsDropped(decisions, n)).ToArray();
        var isKept = new bool[table.Count];
        foreach (var n in kept)
        {
            isKept[n] = true;
        }

        var scores = new SpectralReview(review.Dimensions, review.Components, seed: review.Seed)
            .Score(() => texts().Where((_, n) => isKept[n]), kept.Length);
        var dropped = new bool[kept.Length];
        Stats.RecordsIn = kept.Length;
        Stats.RecordsOut = kept.Length;
        if (diversity is not null)
        {
            var densities = scores.Density();
            foreach (var i in Redundant(scores, (int)Math.Floor(kept.Length * (1 - diversity.Keep))))
            {
                dropped[i] = true;
                var density = densities[i];
                Dropped(decisions, kept[i], Decision.Drop(Name, Reason, $"{density.ToString(CultureInfo.InvariantCulture)} records in its neighbourhood, outlier score {scores.Residual[i].ToString("0.###", CultureInfo.InvariantCulture)}"));
            }

            Stats.RecordsOut = kept.Length - Stats.Dropped.GetValueOrDefault(Reason);
        }

        var cells = scores.Cell.Where((c, i) => c >= 0 && !dropped[i]).GroupBy(c => c).ToList();
        Summary.Field = review.Field;
        Summary.Components = scores.Components;
        Summary.Dimensions = review.Dimensions;
        Summary.Records = kept.Length - dropped.Count(d => d);
        Summary.Neighbourhoods = cells.Count;
        Summary.LargestNeighbourhood = cells.Count == 0 ? 0 : cells.Max(g => g.Count());
        Summary.Outliers = Enumerable.Range(0, kept.Length)
            .Where(i => !dropped[i] && scores.Cell[i] >= 0)
            .OrderByDescending(i => scores.Residual[i]).ThenBy(i => i)
            .Take(review.Top)
            .Select(i => new ReviewOutlier { RecordId = table.Ids[kept[i]], Score = Math.Round(scores.Residual[i], 4) })
            .ToList();
    }

    /// <summary>The positions to drop: trim the most crowded cells down to a common level, typical members first.</summary>
    private static List<int> Redundant(SpectralScores scores, int budget)
    {
        var cells = Enumerable.Range(0, scores.Cell.Length).Where(i => scores.Cell[i] >= 0)
            .GroupBy(i => scores.Cell[i])
            .Select(g => g.OrderBy(i => scores.Residual[i]).ThenBy(i => i).ToList())
            .OrderByDescending(g => g.Count).ThenBy(g => scores.Cell[g[0]])
            .ToList();
        var level = cells.Count == 0 ? 0 : cells[0].Count;
        while (level > 1 && cells.Sum(c => Math.Max(0, c.Count - (level - 1))) <= budget)
        {
            level--;
        }

        var chosen = new List<int>();
        foreach (var cell in cells.Where(c => c.Count > level))
        {
            chosen.AddRange(cell.Take(cell.Count - level));
        }

        // What the level leaves of the budget: one more from each of the cells at the level, most crowded first.
        foreach (var cell in cells.Where(c => c.Count >= level && level > 1))
        {
            if (chosen.Count >= budget)
            {
                break;
            }

            chosen.Add(cell[cell.Count - level]);
        }

        return chosen.Take(budget).ToList();
    }
}

/// <summary>The manifest's <c>review</c>: the spectral model and the records to look at first.</summary>
public sealed class ReviewSummary
{
    public string Field { get; set; } = "";

    public int Components { get; set; }

    public int Dimensions { get; set; }

    public long Records { get; set; }

    /// <summary>Occupied neighbourhood cells among the kept records, and the largest one's population.</summary>
    public long Neighbourhoods { get; set; }

    public long LargestNeighbourhood { get; set; }

    /// <summary>The records least explained by the top components, strongest first.</summary>
    public List<ReviewOutlier> Outliers { get; set; } = [];
}

/// <summary>One outlier: its id, score (0 to 1) and the start of its text (<see cref="ReviewSnippets"/>).</summary>
public sealed class ReviewOutlier
{
    public string RecordId { get; set; } = "";

    public double Score { get; set; }

    public string? Text { get; set; }
}
