using System.Buffers.Binary;
using System.Globalization;

namespace DatasetBuild.Core.Assets;

/// <summary>
/// Reads RIFF/WAVE files (PCM 8/16/24/32-bit, IEEE float 32/64-bit, WAVE_FORMAT_EXTENSIBLE with either) with
/// no library: the format is small and fixed, and reading it ourselves gives exact sample counts and the
/// per-frame loudness the transcript filter needs. Channels are averaged; each 20 ms frame's RMS is kept in dBFS.
/// </summary>
public static class WavAudio
{
    public const double FrameSeconds = 0.02;

    /// <summary>Fills duration, rate, channels and frame levels; a problem goes to HeaderProblem or DecodeProblem.</summary>
    public static AssetInfo Probe(ReadOnlySpan<byte> bytes, AssetInfo basis)
    {
        if (bytes.Length < 12)
        {
            return With(basis, header: "the RIFF header is cut short");
        }

        int format = 0, channels = 0, rate = 0, bits = 0, blockAlign = 0;
        var position = 12;
        var dataStart = -1;
        long dataLength = 0;
        string? truncated = null;
        while (position + 8 <= bytes.Length)
        {
            var id = bytes.Slice(position, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(position + 4)..]);
            var body = position + 8;
            if (id.SequenceEqual("fmt "u8))
            {
                if (size < 16 || body + 16 > bytes.Length)
                {
                    return With(basis, header: "the 'fmt ' chunk is cut short");
                }

                format = BinaryPrimitives.ReadUInt16LittleEndian(bytes[body..]);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 2)..]);
                rate = BinaryPrimitives.ReadInt32LittleEndian(bytes[(body + 4)..]);
                blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 12)..]);
                bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 14)..]);
                if (format == 0xFFFE && size >= 40 && body + 26 <= bytes.Length)
                {
                    format = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(body + 24)..]);
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                dataStart = body;
                var available = bytes.Length - body;
                // Streaming writers leave 0 or 0xFFFFFFFF for "until the end of the file".
                if (size is 0 or uint.MaxValue or int.MaxValue || size <= available)
                {
                    dataLength = size is 0 or uint.MaxValue or int.MaxValue ? available : size;
                }
                else
                {
                    dataLength = available;
                    truncated = string.Create(CultureInfo.InvariantCulture, $"truncated: the data chunk declares {size} bytes, the file holds {available}");
                }

                break;
            }

            position = body + (int)Math.Min(size + (size & 1), int.MaxValue - body);
        }

        if (format == 0)
        {
            return With(basis, header: "no 'fmt ' chunk");
        }

        if (format is not (1 or 3) || (format == 1 && bits is not (8 or 16 or 24 or 32)) || (format == 3 && bits is not (32 or 64)))
        {
            return With(basis, header: string.Create(CultureInfo.InvariantCulture, $"WAV encoding {format} with {bits}-bit samples is not supported (PCM 8/16/24/32-bit and float 32/64-bit are)"));
        }

        if (channels <= 0 || rate <= 0 || blockAlign != channels * bits / 8)
        {
            return With(basis, header: string.Create(CultureInfo.InvariantCulture, $"inconsistent 'fmt ' chunk ({channels} channels, {rate} Hz, block {blockAlign})"));
        }

        if (dataStart < 0)
        {
            return With(basis, header: "no 'data' chunk");
        }

        var frames = dataLength / blockAlign;
        var levels = Levels(bytes.Slice(dataStart, (int)(frames * blockAlign)), format, bits, channels, rate);
        return new AssetInfo
        {
            Field = basis.Field, Path = basis.Path, Sha256 = basis.Sha256, Bytes = basis.Bytes, Kind = "audio", Format = "wav",
            Seconds = (double)frames / rate, SampleRate = rate, Channels = channels, Decoded = true, DecodeProblem = truncated,
            FrameLevels = levels,
        };
    }

    /// <summary>Per 20 ms frame: RMS of the channel-averaged samples, as whole dB below full scale (0..127).</summary>
    private static byte[] Levels(ReadOnlySpan<byte> data, int format, int bits, int channels, int rate)
    {
        var bytesPerSample = bits / 8;
        var samplesPerFrame = Math.Max(1, (int)Math.Round(rate * FrameSeconds));
        var count = data.Length / (bytesPerSample * channels);
        var levels = new byte[(count + samplesPerFrame - 1) / samplesPerFrame];
        double sum = 0;
        var inFrame = 0;
        var frame = 0;
        for (var i = 0; i < count; i++)
        {
            double mixed = 0;
            for (var c = 0; c < channels; c++)
            {
                mixed += Sample(data.Slice(((i * channels) + c) * bytesPerSample, bytesPerSample), format, bits);
            }

            mixed /= channels;
            sum += mixed * mixed;
            if (++inFrame == samplesPerFrame || i == count - 1)
            {
                levels[frame++] = ToLevel(Math.Sqrt(sum / inFrame));
                sum = 0;
                inFrame = 0;
            }
        }

        return levels;
    }

    private static double Sample(ReadOnlySpan<byte> s, int format, int bits) => (format, bits) switch
    {
        (1, 8) => (s[0] - 128) / 128.0,
        (1, 16) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768.0,
        (1, 24) => ((s[2] << 24 | s[1] << 16 | s[0] << 8) >> 8) / 8388608.0,
        (1, 32) => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648.0,
        (3, 32) => BinaryPrimitives.ReadSingleLittleEndian(s),
        _ => BinaryPrimitives.ReadDoubleLittleEndian(s),
    };

    private static byte ToLevel(double rms) =>
        rms <= 0 || double.IsNaN(rms) ? (byte)127 : (byte)Math.Clamp((int)Math.Round(-20 * Math.Log10(Math.Min(rms, 1))), 0, 127);

    /// <summary>
    /// Seconds of speech: frames louder than <paramref name="silenceDb"/>, with pauses shorter than
    /// <paramref name="bridgeSeconds"/> between them counted as speech (the gaps between words).
    /// </summary>
    public static double SpeechSeconds(byte[] levels, double silenceDb, double bridgeSeconds = 0.3)
    {
        var threshold = -silenceDb;
        var bridge = (int)Math.Round(bridgeSeconds / FrameSeconds);
        long speech = 0;
        var lastLoud = -1;
        for (var i = 0; i < levels.Length; i++)
        {
            if (levels[i] >= threshold)
            {
                continue;
            }

            speech += lastLoud >= 0 && i - lastLoud - 1 < bridge ? i - lastLoud : 1;
            lastLoud = i;
        }

        return speech * FrameSeconds;
    }

    private static AssetInfo With(AssetInfo basis, string header) => new()
    {
        Field = basis.Field, Path = basis.Path, Sha256 = basis.Sha256, Bytes = basis.Bytes, Kind = "audio", Format = "wav", HeaderProblem = header,
    };
}
