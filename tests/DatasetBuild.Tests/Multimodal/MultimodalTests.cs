using System.Text.Json;
using DatasetBuild.Core.Assets;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Spec;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Multimodal;

/// <summary>Image/caption and audio/transcript records: asset checks, transcript plausibility and asset dedup, on real files.</summary>
[TestClass]
public sealed class MultimodalTests
{
    private const string PhotoSpec = """
        name: photos
        version: 1.0.0
        task: { type: captioning, input: [image], target: caption }
        schema:
          image: string?
          caption: string
          label: string?
        sources:
          - name: photos
            path: data/photos.jsonl
            id: key
            assets: [image]
            license: CC0-1.0
            provenance: { permissions: [train] }
        filters:
          - assets: { fields: [image], decode: true, min_width: 32, min_height: 32 }
          - caption: { field: caption, min_words: 3 }
        dedup:
          assets: { field: image, max_distance: DISTANCE }
        outputs:
          - format: parquet
        """;

    private static Dictionary<string, Dictionary<string, object?>> Lineage(TempDirectory dir) =>
        ParquetTestReader.ReadAll(dir.Combine("out/lineage.parquet")).ToDictionary(r => (string)r["record_id"]!);

    private static string[] Kept(Dictionary<string, Dictionary<string, object?>> lineage) =>
        lineage.Values.Where(r => (string?)r["status"] == "kept").Select(r => (string)r["record_id"]!).Order().ToArray();

    private static TempDirectory PhotoFixture(int distance)
    {
        var dir = new TempDirectory();
        dir.Write("dataset.yaml", PhotoSpec.Replace("DISTANCE", distance.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        MediaFiles.Write(dir, "data/img/a.png", MediaFiles.Png(1));
        MediaFiles.Write(dir, "data/img/b.png", MediaFiles.Png(2));
        MediaFiles.Write(dir, "data/img/c.png", MediaFiles.Png(3));
        MediaFiles.Write(dir, "data/img/copy-of-a.png", MediaFiles.Png(1));
        var truncated = MediaFiles.Png(4);
        MediaFiles.Write(dir, "data/img/truncated.png", truncated[..(truncated.Length / 2)]);
        MediaFiles.Write(dir, "data/img/b-edited.jpg", MediaFiles.BrightenedJpeg(2));
        MediaFiles.Write(dir, "data/img/tiny.png", MediaFiles.Png(5, 20, 16));
        MediaFiles.Write(dir, "data/img/vague.png", MediaFiles.Png(6));
        dir.Write("data/img/notes.png", "not an image at all\n");
        dir.Write("data/photos.jsonl", """
            {"key": "a", "image": "img/a.png", "caption": "Orange blobs over a teal gradient at dusk."}
            {"key": "b", "image": "img/b.png", "caption": "Purple circles scattered on a pink field."}
            {"key": "c", "image": "img/c.png", "caption": "Green and grey spots on a pale blue sky."}
            {"key": "missing", "image": "img/never-delivered.png", "caption": "A lighthouse on a rocky shore at night."}
            {"key": "truncated", "image": "img/truncated.png", "caption": "Red shapes that stop halfway down the picture."}
            {"key": "copy", "image": "img/copy-of-a.png", "caption": "The same orange blobs, saved again under a new name."}
            {"key": "edited", "image": "img/b-edited.jpg", "caption": "Purple circles on a pink field, brightened for print."}
            {"key": "tiny", "image": "img/tiny.png", "caption": "A thumbnail of coloured circles, much too small."}
            {"key": "vague", "image": "img/vague.png", "caption": "A picture of something."}
            {"key": "notes", "image": "img/notes.png", "caption": "Boats in a harbour, saved with the wrong name."}
            {"key": "empty", "image": "", "caption": "A field left empty by the annotation tool."}
            """);
        return dir;
    }

    [TestMethod]
    public void MissingTruncatedCopiedTinyAndVagueAreDroppedWithReasonsAndDistinctImagesSurvive()
    {
        using var dir = PhotoFixture(distance: 0);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var lineage = Lineage(dir);
        CollectionAssert.AreEqual(new[] { "a", "b", "c", "edited" }, Kept(lineage), "with max_distance 0 only identical bytes are duplicates");
        Assert.AreEqual("missing asset ('image' data/img/never-delivered.png: no such file)", lineage["missing"]["reason"]);
        Assert.AreEqual("missing asset ('image': the field is empty)", lineage["empty"]["reason"]);
        Assert.AreEqual("undecodable asset ('image' data/img/truncated.png: truncated: the image data ends early)", lineage["truncated"]["reason"]);
        StringAssert.StartsWith((string)lineage["notes"]["reason"]!, "undecodable asset ('image' data/img/notes.png: not a known image or audio format");
        Assert.AreEqual("'image' less than 32 px wide (20x16 px)", lineage["tiny"]["reason"]);
        Assert.AreEqual("vague caption: generic (only 'a picture', 'something')", lineage["vague"]["reason"]);
        Assert.AreEqual("dedup.assets", lineage["copy"]["stage"]);
        Assert.AreEqual("duplicate asset (the same 'image' file content)", lineage["copy"]["reason"]);
        Assert.AreEqual("a", lineage["copy"]["duplicate_of"]);

        var asset = JsonDocument.Parse((string)lineage["a"]["assets"]!).RootElement.GetProperty("image");
        Assert.AreEqual("data/img/a.png", asset.GetProperty("path").GetString());
        Assert.AreEqual(120, asset.GetProperty("width").GetInt32());
        Assert.AreEqual(90, asset.GetProperty("height").GetInt32());
        Assert.AreEqual("png", asset.GetProperty("format").GetString());
        Assert.AreEqual(64, asset.GetProperty("sha256").GetString()!.Length);
        Assert.AreEqual(new FileInfo(dir.Combine("data/img/a.png")).Length, asset.GetProperty("bytes").GetInt64());

        Assert.AreEqual(2L, manifest.Stages.Single(s => s.Name == "assets").Dropped["missing asset"], "a missing file and an empty field");
        Assert.AreEqual(2L, manifest.Stages.Single(s => s.Name == "assets").Dropped["undecodable asset"]);
        var image = manifest.Assets!["image"];
        Assert.AreEqual(11L, image.Records);
        Assert.AreEqual(2L, image.Missing);
        Assert.AreEqual(1L, manifest.AssetDedup!.Duplicates);
    }

    [TestMethod]
    public void NearIdenticalImagesAreCaughtWithMaxDistanceAndNotWithZero()
    {
        using var dir = PhotoFixture(distance: 10);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var lineage = Lineage(dir);
        CollectionAssert.AreEqual(new[] { "a", "b", "c" }, Kept(lineage), "distinct pictures survive");
        StringAssert.StartsWith((string)lineage["edited"]["reason"]!, "near-duplicate asset ('image' dHash distance ");
        Assert.AreEqual("b", lineage["edited"]["duplicate_of"]);
        Assert.AreEqual(1L, manifest.AssetDedup!.NearDuplicates);

        var original = AssetProbe.Probe(MediaFiles.Png(2), decode: true).DHash!.Value;
        var edited = AssetProbe.Probe(MediaFiles.BrightenedJpeg(2), decode: true).DHash!.Value;
        var other = AssetProbe.Probe(MediaFiles.Png(3), decode: true).DHash!.Value;
        Assert.IsLessThanOrEqualTo(10, DifferenceHash.Distance(original, edited), $"brightened and re-encoded: {DifferenceHash.Distance(original, edited)}");
        Assert.IsGreaterThan(16, DifferenceHash.Distance(original, other), $"another picture: {DifferenceHash.Distance(original, other)}");
    }

    [TestMethod]
    public void TheSameImageWithDifferentLabelsIsAConflictGroup()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", PhotoSpec.Replace("DISTANCE", "0").Replace("task: { type: captioning, input: [image], target: caption }", "task: { type: classification, input: [caption], target: label, labels: [cat, dog] }")
            .Replace("outputs:", "labels:\n  field: label\n  conflicts: flag\noutputs:"));
        MediaFiles.Write(dir, "data/img/pet.png", MediaFiles.Png(9));
        MediaFiles.Write(dir, "data/img/pet-again.png", MediaFiles.Png(9));
        dir.Write("data/photos.jsonl", """
            {"key": "one", "image": "img/pet.png", "caption": "A pet asleep on a sunny windowsill.", "label": "cat"}
            {"key": "two", "image": "img/pet-again.png", "caption": "An animal dozing by the window in the sun.", "label": "dog"}
            """);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        Assert.AreEqual(1L, manifest.Conflicts!.Groups, "the copy is dropped, but its label still disagrees with the kept record's");
        StringAssert.Contains((string)Lineage(dir)["one"]["notes"]!, "conflicting labels");
    }

    [TestMethod]
    public void TheSameImageWithDifferentCaptionsIsAConflictGroupWhenCaptionsAreTheLabels()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", PhotoSpec.Replace("DISTANCE", "0")
            .Replace("outputs:", "labels:\n  field: caption\n  conflicts: drop\noutputs:"));
        MediaFiles.Write(dir, "data/img/pet.png", MediaFiles.Png(9));
        MediaFiles.Write(dir, "data/img/pet-again.png", MediaFiles.Png(9));
        MediaFiles.Write(dir, "data/img/other.png", MediaFiles.Png(3));
        dir.Write("data/photos.jsonl", """
            {"key": "one", "image": "img/pet.png", "caption": "A cat asleep on a sunny windowsill."}
            {"key": "two", "image": "img/pet-again.png", "caption": "A dog barking at the garden gate."}
            {"key": "three", "image": "img/other.png", "caption": "Green and grey spots on a pale blue sky."}
            """);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        Assert.AreEqual(1L, manifest.Conflicts!.Groups, "one image, two captions that disagree");
        var lineage = Lineage(dir);
        Assert.AreEqual("conflicts", lineage["one"]["stage"]);
        Assert.AreEqual("duplicate asset", lineage["two"]["reason"]!.ToString()!.Split(" (")[0]);
        CollectionAssert.AreEqual(new[] { "three" }, Kept(lineage));
    }

    [TestMethod]
    public void NearDuplicateCaptionsAreFoundOnRecordsThatCarryAssets()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", PhotoSpec.Replace("assets: { field: image, max_distance: DISTANCE }", "near: { field: caption }"));
        MediaFiles.Write(dir, "data/img/a.png", MediaFiles.Png(1));
        MediaFiles.Write(dir, "data/img/b.png", MediaFiles.Png(2));
        var words = Enumerable.Range(0, 60).Select(i => "word" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var caption = string.Join(' ', words);
        words[30] = "changed";
        dir.Write("data/photos.jsonl", string.Join("\n",
            JsonSerializer.Serialize(new { key = "first", image = "img/a.png", caption }),
            JsonSerializer.Serialize(new { key = "second", image = "img/b.png", caption = string.Join(' ', words) })));
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var lineage = Lineage(dir);
        Assert.AreEqual("near duplicate (jaccard 0.836)", lineage["second"]["reason"]);
        Assert.AreEqual("first", lineage["second"]["duplicate_of"]);
    }

    private const string ClipSpec = """
        name: clips
        version: 1.0.0
        task: { type: transcription, input: [audio], target: transcript }
        schema:
          audio: string
          transcript: string?
        sources:
          - name: clips
            path: data/clips.csv
            id: key
            assets: [audio]
            license: CC0-1.0
            provenance: { permissions: [train] }
        filters:
          - assets: { fields: [audio], max_seconds: 60 }
          - transcript: { audio: audio, text: transcript, min_words_per_second: 0.5, max_words_per_second: 6 }
        outputs:
          - format: parquet
        """;

    [TestMethod]
    public void TranscriptsThatCannotFitTheirClipsAreDroppedWithTheMeasuredRate()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", ClipSpec);
        MediaFiles.Write(dir, "data/wav/speech.wav", MediaFiles.SpeechWav(4));
        MediaFiles.Write(dir, "data/wav/short.wav", MediaFiles.SpeechWav(1));
        MediaFiles.Write(dir, "data/wav/silent.wav", MediaFiles.SilentWav(3));
        MediaFiles.Write(dir, "data/wav/empty.wav", MediaFiles.Wav([]));
        MediaFiles.Write(dir, "data/wav/long-speech.wav", MediaFiles.SpeechWav(8));
        dir.Write("data/clips.csv", """
            key,audio,transcript
            ordinary,wav/speech.wav,The next train to the airport leaves in ten minutes.
            too-fast,wav/short.wav,"Good morning everyone and welcome to the quarterly review of our sales figures in every region and the hiring plan for next year."
            silent,wav/silent.wav,Welcome to the weekly meeting everyone.
            empty,wav/empty.wav,Thank you for calling how can I help you today?
            too-slow,wav/long-speech.wav,Okay.
            quiet-and-empty,wav/silent.wav,
            """);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        var lineage = Lineage(dir);
        CollectionAssert.AreEqual(new[] { "ordinary", "quiet-and-empty" }, Kept(lineage));
        StringAssert.StartsWith((string)lineage["too-fast"]["reason"]!, "more than 6 words per second of speech (");
        StringAssert.Contains((string)lineage["too-fast"]["reason"]!, "words/s: 23 words over ", (string)lineage["too-fast"]["reason"]!);
        StringAssert.StartsWith((string)lineage["silent"]["reason"]!, "transcript on a silent clip (6 words over 0 s of speech in a 3 s clip");
        StringAssert.StartsWith((string)lineage["empty"]["reason"]!, "transcript on a silent clip (10 words over 0 s of speech in a 0 s clip");
        StringAssert.StartsWith((string)lineage["too-slow"]["reason"]!, "fewer than 0.5 words per second of speech (");

        var clip = JsonDocument.Parse((string)lineage["ordinary"]["assets"]!).RootElement.GetProperty("audio");
        Assert.AreEqual(4.0, clip.GetProperty("seconds").GetDouble(), 0.001);
        Assert.AreEqual(16000, clip.GetProperty("sample_rate").GetInt32());
        Assert.AreEqual(1, clip.GetProperty("channels").GetInt32());
        Assert.AreEqual("wav", clip.GetProperty("format").GetString());
    }

    [TestMethod]
    public void ReplacingAnImageChangesTheIngestKeyAndAnUnchangedRebuildIsAllCacheHits()
    {
        using var dir = PhotoFixture(distance: 0);
        var (first, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(first, string.Join("\n", diagnostics));
        var (again, _) = InProcessBuild.Run(dir);
        Assert.IsTrue(again!.Stages.All(s => s.Cache == "hit"), "nothing changed: " + string.Join(", ", again.Stages.Select(s => $"{s.Name}={s.Cache}")));
        Assert.AreEqual(first.ContentHash, again.ContentHash);

        var before = JsonDocument.Parse((string)Lineage(dir)["c"]["assets"]!).RootElement.GetProperty("image").GetProperty("sha256").GetString();
        MediaFiles.Write(dir, "data/img/c.png", MediaFiles.Png(33));
        var (replaced, _) = InProcessBuild.Run(dir);
        Assert.AreEqual("miss", replaced!.Stages.Single(s => s.Name == "ingest").Cache, "the image is part of the ingest key");
        var after = JsonDocument.Parse((string)Lineage(dir)["c"]["assets"]!).RootElement.GetProperty("image").GetProperty("sha256").GetString();
        Assert.AreNotEqual(before, after);
        Assert.AreNotEqual(first.ContentHash, replaced.ContentHash, "the dataset's content includes its images");

        // The truncated image is repaired: the record comes back.
        MediaFiles.Write(dir, "data/img/truncated.png", MediaFiles.Png(4));
        InProcessBuild.Run(dir);
        Assert.AreEqual("kept", Lineage(dir)["truncated"]["status"]);
    }

    [TestMethod]
    public void AnAssetPathOutsideTheProjectIsALocatedErrorOrWithSkipADrop()
    {
        using var dir = new TempDirectory();
        dir.Write("dataset.yaml", PhotoSpec.Replace("DISTANCE", "0"));
        MediaFiles.Write(dir, "data/img/a.png", MediaFiles.Png(1));
        dir.Write("data/photos.jsonl", """
            {"key": "a", "image": "img/a.png", "caption": "Orange blobs over a teal gradient at dusk."}
            {"key": "escape", "image": "../../../../etc/passwd", "caption": "Not a picture but a secret."}
            """);
        var (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNull(manifest);
        var error = diagnostics.Single(d => d.Severity == DiagnosticSeverity.Error);
        Assert.AreEqual(DiagnosticCodes.SpecExternalPath, error.Code);
        Assert.AreEqual("data/photos.jsonl", error.File);
        Assert.AreEqual(2, error.Line);
        StringAssert.Contains(error.Message, "asset 'image' path '../../../../etc/passwd' resolves outside the project folder");

        dir.Write("dataset.yaml", PhotoSpec.Replace("DISTANCE", "0").Replace("assets: [image]", "assets: [image]\n    on_error: skip"));
        (manifest, diagnostics) = InProcessBuild.Run(dir);
        Assert.IsNotNull(manifest, string.Join("\n", diagnostics));
        StringAssert.StartsWith((string)Lineage(dir)["escape"]["reason"]!, "unreadable record (source 'photos': asset 'image' path");
    }

    [TestMethod]
    public void SpecMistakesAboutAssetsAreLocatedWithSuggestions()
    {
        string? Error(string spec)
        {
            using var dir = new TempDirectory();
            var diagnostics = new DiagnosticBag();
            SpecLoader.Parse(spec, dir.Combine("dataset.yaml"), diagnostics);
            return string.Join("\n", diagnostics.Items.Where(d => d.Severity == DiagnosticSeverity.Error));
        }

        var baseSpec = PhotoSpec.Replace("DISTANCE", "0");
        StringAssert.Contains(Error(baseSpec.Replace("min_width: 32", "min_widht: 32")), "DSB1003: unknown key 'min_widht' in filter 'assets'; did you mean 'min_width'?");
        StringAssert.Contains(Error(baseSpec.Replace("assets: [image]", "assets: [imgae]")), "DSB1011: 'assets' of source 'photos' names field 'imgae', which is not in the schema; did you mean 'image'?");
        StringAssert.Contains(Error(baseSpec.Replace("assets: [image]", "")), "DSB1006: filter 'assets' names field 'image', which no source lists in 'assets'");
        StringAssert.Contains(Error(baseSpec.Replace("max_distance: 0", "max_distance: 40")), "DSB1006: 'dedup.assets.max_distance' must be at most 32");
        StringAssert.Contains(Error(baseSpec.Replace("max_distance: 0", "max_distanse: 3")), "did you mean 'max_distance'?");
        StringAssert.Contains(Error(baseSpec.Replace("  - caption:", "  - transcript: { audio: image, txt: caption }\n  - caption:")), "DSB1003: unknown key 'txt' in filter 'transcript'; did you mean 'text'?");
        StringAssert.Contains(Error(baseSpec.Replace("  - caption:", "  - transcrpt: { audio: image }\n  - caption:")), "DSB1009: unknown filter operator 'transcrpt'; did you mean 'transcript'?");
    }

    [TestMethod]
    public void WavIsReadExactlyAndOtherAudioFormatsAreNamedAsUnsupported()
    {
        var stereo = new short[16000 * 2];
        var probe = AssetProbe.Probe(MediaFiles.Wav(stereo, 8000) is var mono ? StereoOf(mono) : [], decode: true);
        Assert.AreEqual(2, probe.Channels);
        Assert.AreEqual(8000, probe.SampleRate);
        Assert.AreEqual(2.0, probe.Seconds, 1e-9);
        Assert.AreEqual(0.0, WavAudio.SpeechSeconds(probe.FrameLevels!, -40), "digital silence");

        var speech = AssetProbe.Probe(MediaFiles.SpeechWav(2), decode: true);
        Assert.AreEqual(2.0, WavAudio.SpeechSeconds(speech.FrameLevels!, -40), 0.1, "pauses between syllables count as speech");

        var cut = MediaFiles.SpeechWav(2);
        StringAssert.StartsWith(AssetProbe.Probe(cut[..(cut.Length / 2)], decode: true).DecodeProblem, "truncated: the data chunk declares");
        StringAssert.StartsWith(AssetProbe.Probe("fLaC\0\0\0\"restofit"u8.ToArray(), decode: true).HeaderProblem, "flac audio is not supported");
        StringAssert.StartsWith(AssetProbe.Probe("ID3\u0004\0\0\0\0\0\0"u8.ToArray(), decode: true).HeaderProblem, "mp3 audio is not supported");
    }

    /// <summary>Rewrites a mono 16-bit WAV's header as stereo at half the rate (same bytes: twice the channels, half the frames).</summary>
    private static byte[] StereoOf(byte[] mono)
    {
        var wav = (byte[])mono.Clone();
        BitConverter.GetBytes((short)2).CopyTo(wav, 22);
        BitConverter.GetBytes(8000).CopyTo(wav, 24);
        BitConverter.GetBytes(8000 * 4).CopyTo(wav, 28);
        BitConverter.GetBytes((short)4).CopyTo(wav, 32);
        return wav;
    }
}
