using System.Text;

namespace DatasetBuild.Bench;

/// <summary>
/// Writes a synthetic corpus of support messages (~1 KB each, or ~100 characters with <c>textLength</c> 100) as
/// JSONL files, with 5% exact re-sends and 5% re-sends that differ only in case and punctuation (what dedup.exact
/// with normalize must catch). Deterministic for a given seed.
/// </summary>
public static class CorpusGenerator
{
    private static readonly string[] Words =
        ("account billing invoice refund charge payment card subscription renewal plan upgrade downgrade login password " +
         "error crash screen sync export import android iphone browser desktop update version settings profile email " +
         "phone chat order delivery shipping address discount coupon trial cancel support ticket issue problem question " +
         "please thanks hello urgent again still today yesterday week month working broken slow fast missing wrong").Split(' ');

    private static readonly string[] Labels = ["billing", "technical", "account", "refund", "other"];

    public static void Write(string folder, int records, int files, int seed, string prefix = "part", int textLength = 1000)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var recent = new List<string>();
        var perFile = (records + files - 1) / files;
        var written = 0;
        for (var f = 0; f < files && written < records; f++)
        {
            using var writer = new StreamWriter(Path.Combine(folder, $"{prefix}-{f:D5}.jsonl"), false, new UTF8Encoding(false));
            for (var i = 0; i < perFile && written < records; i++, written++)
            {
                var roll = random.NextDouble();
                string text;
                if (roll < 0.05 && recent.Count > 0)
                {
                    text = recent[random.Next(recent.Count)];
                }
                else if (roll < 0.10 && recent.Count > 0)
                {
                    text = recent[random.Next(recent.Count)].ToUpperInvariant().Replace(".", "!");
                }
                else
                {
                    text = Document(random, textLength);
                    if (recent.Count < 5000)
                    {
                        recent.Add(text);
                    }
                    else
                    {
                        recent[random.Next(recent.Count)] = text;
                    }
                }

                var label = Labels[random.Next(Labels.Length)];
                writer.Write("{\"id\":\"");
                writer.Write($"{prefix}-{f}-{i}");
                writer.Write("\",\"text\":\"");
                writer.Write(text);
                writer.Write("\",\"label\":\"");
                writer.Write(random.Next(10) == 0 ? label.ToUpperInvariant() : label);
                writer.Write("\",\"channel\":\"");
                writer.Write(random.Next(20) == 0 ? "spam" : "email");
                writer.Write("\"}\n");
            }
        }
    }

    private static string Document(Random random, int length)
    {
        var builder = new StringBuilder(length + 100);
        while (builder.Length < length)
        {
            var sentence = random.Next(6, 16);
            for (var w = 0; w < sentence; w++)
            {
                builder.Append(Words[random.Next(Words.Length)]);
                builder.Append(w == sentence - 1 ? ". " : " ");
            }
        }

        return builder.ToString().TrimEnd();
    }
}
