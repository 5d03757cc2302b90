using System.Globalization;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The <c>caption</c> filter's <c>max_reuse</c>: a caption shared verbatim (after normalisation) by more than
/// that many kept records describes none of them; all of them are dropped (or noted, with <c>action: flag</c>).
/// </summary>
public sealed class CaptionReusePass(CaptionFilterSpec spec) : DedupPass(spec.DisplayName + ".reuse", "filter")
{
    public const string Reason = "vague caption: reused";

    /// <summary>The caption filter whose reuse the global pass checks, if any.</summary>
    public static CaptionFilterSpec? SpecOf(DatasetSpec spec) =>
        spec.Filters.OfType<CaptionFilterSpec>().FirstOrDefault(c => c.MaxReuse is not null);

    public override void Run(KeyTable table, Decisions decisions)
    {
        var uses = new Dictionary<Hash128, int>();
        for (var n = 0; n < table.Count; n++)
        {
            if (!IsDropped(decisions, n) && table.Captions[n] is { } caption)
            {
                uses[caption] = uses.GetValueOrDefault(caption) + 1;
            }
        }

        for (var n = 0; n < table.Count; n++)
        {
            if (IsDropped(decisions, n))
            {
                continue;
            }

            Stats.RecordsIn++;
            if (table.Captions[n] is { } caption && uses[caption] is var count && count > spec.MaxReuse)
            {
                var detail = $"the same caption on {count.ToString(CultureInfo.InvariantCulture)} records, more than {spec.MaxReuse!.Value.ToString(CultureInfo.InvariantCulture)}";
                if (spec.Action == "drop")
                {
                    Dropped(decisions, n, Decision.Drop(Name, Reason, detail));
                    continue;
                }

                decisions[n] ??= Decision.Note(Name, $"{Reason} ({detail})");
            }

            Stats.RecordsOut++;
        }
    }
}
