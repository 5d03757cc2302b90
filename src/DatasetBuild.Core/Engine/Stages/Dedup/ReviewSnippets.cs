using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// Gives the records the manifest points reviewers at — each listed conflict group's records and each review
/// outlier — the start of their text (<see cref="DatasetSpec.InputTextField"/>, at most <see cref="Length"/>
/// characters). Read here, from the few files that hold them, so the emit stage never looks for them.
/// </summary>
public static class ReviewSnippets
{
    public const int Length = 280;

    public static void Attach(DatasetSpec spec, KeyTable table, IReadOnlyList<CacheEntry> inputs, ConflictSummary? conflicts, ReviewSummary? review)
    {
        var wanted = new HashSet<string>((conflicts?.Worst.SelectMany(g => g.RecordIds) ?? []).Concat(review?.Outliers.Select(o => o.RecordId) ?? []), StringComparer.Ordinal);
        if (wanted.Count == 0 || spec.InputTextField is not { } field)
        {
            return;
        }

        // The table holds each file's kept records in order: a wanted record is its file's k-th kept record.
        var wantedByFile = new SortedDictionary<int, Dictionary<int, string>>();
        var firstOfFile = -1;
        for (var n = 0; n < table.Count; n++)
        {
            if (n == 0 || table.Files[n] != table.Files[n - 1])
            {
                firstOfFile = n;
            }

            if (wanted.Contains(table.Ids[n]))
            {
                var file = table.Files[n];
                (wantedByFile.TryGetValue(file, out var inFile) ? inFile : wantedByFile[file] = [])[n - firstOfFile] = table.Ids[n];
            }
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (file, inFile) in wantedByFile)
        {
            var kept = 0;
            TracedFieldScanner.Scan(inputs[file], spec.Schema.IndexOf(field), (_, dropped) => !dropped && inFile.ContainsKey(kept), (_, dropped, text) =>
            {
                if (dropped)
                {
                    return;
                }

                if (text is not null && inFile.TryGetValue(kept, out var id))
                {
                    texts.TryAdd(id, text.Length <= Length ? text : text[..Length] + "…");
                }

                kept++;
            });
        }

        foreach (var group in conflicts?.Worst ?? [])
        {
            group.Text = group.RecordIds.Select(texts.GetValueOrDefault).FirstOrDefault(t => t is not null);
        }

        foreach (var outlier in review?.Outliers ?? [])
        {
            outlier.Text = texts.GetValueOrDefault(outlier.RecordId);
        }
    }
}
