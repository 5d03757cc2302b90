using System.Globalization;
using DatasetBuild.Core.Assets;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;
using DatasetBuild.Core.Text;

namespace DatasetBuild.Core.Operators.Filters;

/// <summary>
/// <c>transcript</c>: a transcript must be plausible for its clip. Speech time is measured from the clip's
/// loudness (20 ms frames louder than <c>silence_db</c>, pauses under 0.3 s counted as speech); the words of
/// the transcript per second of speech must lie within the bounds. A transcript on an empty or near-silent
/// clip, or one far longer (or shorter) than the speech, is dropped with the measured rate.
/// </summary>
public sealed class TranscriptFilter(TranscriptFilterSpec spec, RecordSchema schema) : RecordOperator(spec.DisplayName, "filter")
{
    public const string SilentReason = "transcript on a silent clip";

    private readonly int _text = schema.IndexOf(spec.Text);

    protected override OperatorResult Decide(Record record, OperatorContext context)
    {
        if (record.AssetOf(spec.Audio) is not { } clip)
        {
            return OperatorResult.Kept;
        }

        if (clip.Missing is { } missing)
        {
            return OperatorResult.Drop(AssetsFilter.MissingReason, $"'{spec.Audio}' {clip.Path}: {missing}");
        }

        if (clip.Kind != "audio" || clip.Problem is not null || clip.FrameLevels is null)
        {
            return OperatorResult.Drop(AssetsFilter.UndecodableReason, $"'{spec.Audio}' {clip.Path}: {clip.Problem ?? "not audio (" + clip.Describe() + ")"}");
        }

        var words = record[_text] is string text ? TextMeasures.CountWords(text) : 0;
        var speech = WavAudio.SpeechSeconds(clip.FrameLevels, spec.SilenceDb);
        string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
        var measured = $"{words} words over {F(speech)} s of speech in a {F(clip.Seconds)} s clip";
        if (words == 0)
        {
            return speech > 0 && spec.MinWordsPerSecond > 0
                ? OperatorResult.Drop($"fewer than {F(spec.MinWordsPerSecond)} words per second of speech", $"0 words/s: {measured}")
                : OperatorResult.Kept;
        }

        // Less speech than one frame cannot carry a word: an empty or near-silent clip.
        if (speech < WavAudio.FrameSeconds)
        {
            return OperatorResult.Drop(SilentReason, $"{measured}, nothing louder than {F(spec.SilenceDb)} dBFS");
        }

        var rate = words / speech;
        if (rate > spec.MaxWordsPerSecond)
        {
            return OperatorResult.Drop($"more than {F(spec.MaxWordsPerSecond)} words per second of speech", $"{F(rate)} words/s: {measured}");
        }

        if (rate < spec.MinWordsPerSecond)
        {
            return OperatorResult.Drop($"fewer than {F(spec.MinWordsPerSecond)} words per second of speech", $"{F(rate)} words/s: {measured}");
        }

        return OperatorResult.Kept;
    }
}
