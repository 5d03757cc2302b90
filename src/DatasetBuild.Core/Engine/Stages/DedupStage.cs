using System.Text;
using System.Text.Json;
using DatasetBuild.Core.Diagnostics;
using DatasetBuild.Core.Operators;
using DatasetBuild.Core.Operators.Dedup;
using DatasetBuild.Core.Records;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The dedup stage: duplicates (<c>dedup.exact</c>) and label conflicts (<c>labels.conflicts</c>). Per file,
/// each kept record's duplicate key and label are computed once and cached (kind <c>dedup-keys</c>); the
/// global pass walks the keys in canonical order. A conflict group is a set of records with the same key
/// (the dedup.exact key, else the normalised task input) that carry more than one distinct label. The
/// decisions (duplicate of, relabel, drop) are cached under the config and every file's content hash and
/// applied per file by the render stage. Adding one file computes one file's keys and redoes the cheap pass.
/// </summary>
public sealed class DedupStage(BuildContext context)
{
    public const string Kind = "dedup";
    public const string KeysKind = "dedup-keys";
    public const string ConflictsKind = "conflicts";
    public const string ConflictStage = "conflicts";
    public const string ConflictReason = "conflicting labels";

    /// <summary>Decision kinds in the payload.</summary>
    public const byte Duplicate = 1, Relabel = 2, DropConflict = 3, DropCapped = 4;

    public const string SelectStage = "select";

    public static string CapReason(SelectSpec select) => $"capped: more than {select.CapMax} per '{select.CapBy}'";

    public PipelineState Run(PipelineState state)
    {
        var spec = context.Spec;
        var conflicts = spec.Labels?.Conflicts;
        var grouping = GroupingSpec(spec);
        var select = spec.Select;
        if (grouping is null && select is null)
        {
            return state;
        }

        var exact = spec.Dedup?.Exact;
        var entries = new FileEntries(context);
        var inputs = state.Files.Select(f => entries.After(RecordFileStage.LabelKind, f)).ToList();
        var config = $"{grouping?.Canonical}|exact={exact is not null}|conflicts={conflicts}|label={spec.Labels?.Field}|select={select?.Canonical}";
        var keyBuilder = new StageKey(Kind).Add(config).Add(spec.Schema.Canonical);
        foreach (var input in inputs)
        {
            keyBuilder.Add(input.ContentHash);
        }

        var key = keyBuilder.Finish();
        var operators = new List<(string Name, string Kind)>();
        if (exact is not null)
        {
            operators.Add((exact.DisplayName, "dedup"));
        }

        if (conflicts is not null)
        {
            operators.Add((ConflictStage, "label"));
        }

        if (select is not null)
        {
            operators.Add((SelectStage, "select"));
        }

        var report = new StageReportBuilder(operators);
        if (context.Cache.TryGetVerified(Kind, key) is { } hit
            && StatsSidecar.TryGet(context.Cache, Kind, key) is { } hitStats
            && (conflicts is null || context.Cache.TryGet(ConflictsKind, key) is not null))
        {
            report.Add(new FileStageOutcome(hit, hitStats), Kind);
        }
        else
        {
            var keyer = grouping is null ? null : new ExactDeduplicator(grouping, spec.Schema);
            var keyFiles = ParallelFiles.Map(inputs, input => KeysFor(input, keyer, config));
            var outcome = Decide(state, keyFiles, key, exact, conflicts, select);
            report.Add(outcome, Kind);
        }

        state.DedupKey = key;
        state.Conflicts = conflicts is null ? null : ReadConflictSummary(key);
        var byFile = ReadDecisions(context.Cache.TryGet(Kind, key)!);
        for (var i = 0; i < state.Files.Count; i++)
        {
            state.Files[i].DedupDigest = Digest(byFile.GetValueOrDefault(i));
        }

        state.Stages.AddRange(report.Build());
        return state;
    }

    /// <summary>What duplicates are grouped by: dedup.exact, else (for conflicts only) the normalised task input.</summary>
    public static ExactDedupSpec? GroupingSpec(DatasetSpec spec)
    {
        if (spec.Dedup?.Exact is { } exact)
        {
            return exact;
        }

        if (spec.Labels?.Conflicts is null)
        {
            return null;
        }

        var input = spec.Task?.Input.FirstOrDefault(f => spec.Schema.IndexOf(f) >= 0)
            ?? spec.Schema.Fields.First(f => f.Type == FieldType.String).Name;
        return new ExactDedupSpec([input], true, spec.Labels.Location, $"conflicts-by:{input}");
    }

    private FileStageOutcome Decide(PipelineState state, CacheEntry[] keyFiles, string key, ExactDedupSpec? exact, string? conflicts, SelectSpec? select)
    {
        // Pass 1: the labels of every key, to find the groups that disagree.
        var labelsByKey = new Dictionary<UInt128, List<(string Label, long Count)>>();
        if (conflicts is not null)
        {
            for (var i = 0; i < keyFiles.Length; i++)
            {
                foreach (var k in ReadKeys(keyFiles[i]))
                {
                    if (k.Key is { } groupKey && k.Label is { } label)
                    {
                        if (!labelsByKey.TryGetValue(groupKey, out var labels))
                        {
                            labelsByKey[groupKey] = labels = [];
                        }

                        var at = labels.FindIndex(l => l.Label == label);
                        if (at < 0)
                        {
                            labels.Add((label, 1));
                        }
                        else
                        {
                            labels[at] = (label, labels[at].Count + 1);
                        }
                    }
                }
            }
        }

        var conflicted = labelsByKey.Where(g => g.Value.Count > 1).ToDictionary(g => g.Key, g => g.Value);
        var summary = new ConflictSummary
        {
            Groups = conflicted.Count,
            Records = conflicted.Sum(g => g.Value.Sum(l => l.Count)),
            Resolution = conflicts ?? "",
        };
        if (conflicts == "error" && conflicted.Count > 0)
        {
            ReportFirstConflict(state, keyFiles, conflicted);
        }

        // Pass 2: duplicates and conflict resolutions, in canonical order.
        var deduplicator = exact is null ? null : new ExactDeduplicator(exact, context.Spec.Schema);
        var dedupStats = new OperatorStats();
        var conflictStats = new OperatorStats();
        var selectStats = new OperatorStats();
        var groups = new Dictionary<string, List<(ulong Hash, int File, string Id)>>(StringComparer.Ordinal);
        var entry = context.Cache.Put(Kind, key, payload =>
        {
            using var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
            void Write(byte kind, int file, string id, string value)
            {
                writer.Write(kind);
                writer.Write(file);
                writer.Write(id);
                writer.Write(value);
            }

            for (var i = 0; i < keyFiles.Length; i++)
            {
                foreach (var k in ReadKeys(keyFiles[i]))
                {
                    if (deduplicator is not null)
                    {
                        dedupStats.RecordsIn++;
                        if (deduplicator.Observe(k.Id, k.Key) is { } keptId)
                        {
                            Write(Duplicate, i, k.Id, keptId);
                            Count(dedupStats, ExactDeduplicator.Reason);
                            continue;
                        }

                        dedupStats.RecordsOut++;
                    }

                    if (conflicts is not null)
                    {
                        conflictStats.RecordsIn++;
                        if (k.Key is { } groupKey && conflicted.TryGetValue(groupKey, out var labels))
                        {
                            if (conflicts == "drop")
                            {
                                Write(DropConflict, i, k.Id, string.Join(", ", labels.Select(l => $"{l.Label} ({l.Count})")));
                                Count(conflictStats, ConflictReason);
                                continue;
                            }

                            // Majority: the most frequent label; a tie goes to the label seen first in canonical order.
                            var winner = labels.OrderByDescending(l => l.Count).First().Label;
                            if (conflicts == "majority" && k.Label != winner)
                            {
                                Write(Relabel, i, k.Id, winner);
                            }
                        }

                        conflictStats.RecordsOut++;
                    }

                    if (select is not null)
                    {
                        var group = k.Group ?? "(missing)";
                        if (!groups.TryGetValue(group, out var members))
                        {
                            groups[group] = members = [];
                        }

                        var hasher = new System.IO.Hashing.XxHash64(select.Seed);
                        hasher.Append(Encoding.UTF8.GetBytes(state.Files[i].Source + "\0" + k.Id));
                        members.Add((hasher.GetCurrentHashAsUInt64(), i, k.Id));
                    }
                }
            }

            // Cap: in each group over the maximum, the records with the smallest seeded hashes stay.
            foreach (var (group, members) in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                selectStats.RecordsIn += members.Count;
                var kept = Math.Min(members.Count, select!.CapMax);
                selectStats.RecordsOut += kept;
                foreach (var (_, file, id) in members.OrderBy(m => m.Hash).ThenBy(m => m.File).ThenBy(m => m.Id, StringComparer.Ordinal).Skip(kept))
                {
                    Write(DropCapped, file, id, group);
                    Count(selectStats, CapReason(select));
                }
            }

            writer.Write((byte)0);
        });
        var named = new List<(string, OperatorStats)>();
        if (exact is not null)
        {
            named.Add((exact.DisplayName, dedupStats));
        }

        if (conflicts is not null)
        {
            named.Add((ConflictStage, conflictStats));
            context.Cache.Put(ConflictsKind, key, stream => JsonSerializer.Serialize(stream, summary));
        }

        if (select is not null)
        {
            named.Add((SelectStage, selectStats));
        }

        StatsSidecar.Put(context.Cache, Kind, key, named);
        return new FileStageOutcome(entry, named);
    }

    private void ReportFirstConflict(PipelineState state, CacheEntry[] keyFiles, Dictionary<UInt128, List<(string Label, long Count)>> conflicted)
    {
        for (var i = 0; i < keyFiles.Length; i++)
        {
            foreach (var k in ReadKeys(keyFiles[i]))
            {
                if (k.Key is { } groupKey && conflicted.TryGetValue(groupKey, out var labels))
                {
                    throw DatasetBuildException.At(
                        DiagnosticCodes.LabelConflict,
                        SourceLocation.AtLine(state.Files[i].Path, k.Row),
                        $"{conflicted.Count} groups of duplicate records carry different labels; the first, with record '{k.Id}', has {string.Join(", ", labels.Select(l => $"'{l.Label}' ({l.Count})"))}; set 'labels.conflicts: majority|drop|flag' to resolve them");
                }
            }
        }
    }

    private static void Count(OperatorStats stats, string reason) => stats.Dropped[reason] = stats.Dropped.GetValueOrDefault(reason) + 1;

    private ConflictSummary? ReadConflictSummary(string key)
    {
        if (context.Cache.TryGet(ConflictsKind, key) is not { } entry)
        {
            return null;
        }

        using var stream = entry.OpenPayload();
        return JsonSerializer.Deserialize<ConflictSummary>(stream);
    }

    /// <summary>Reads the decisions per file position in the state: record id → (kind, value).</summary>
    public static Dictionary<int, Dictionary<string, (byte Kind, string Value)>> ReadDecisions(CacheEntry entry)
    {
        var decisions = new Dictionary<int, Dictionary<string, (byte, string)>>();
        using var payload = entry.OpenPayload();
        using var reader = new BinaryReader(new BufferedStream(payload, 1 << 16), Encoding.UTF8);
        byte kind;
        while ((kind = reader.ReadByte()) != 0)
        {
            var file = reader.ReadInt32();
            var id = reader.ReadString();
            var value = reader.ReadString();
            if (!decisions.TryGetValue(file, out var forFile))
            {
                decisions[file] = forFile = new Dictionary<string, (byte, string)>(StringComparer.Ordinal);
            }

            forFile[id] = (kind, value);
        }

        return decisions;
    }

    /// <summary>A short fingerprint of one file's decisions: the render stage's cache key needs only its own file's.</summary>
    private static string Digest(Dictionary<string, (byte Kind, string Value)>? decisions)
    {
        if (decisions is null || decisions.Count == 0)
        {
            return "";
        }

        var key = new StageKey("dedup-digest");
        foreach (var (id, (kind, value)) in decisions.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            key.Add(id).Add(kind.ToString(System.Globalization.CultureInfo.InvariantCulture)).Add(value);
        }

        return key.Finish();
    }

    private CacheEntry KeysFor(CacheEntry input, ExactDeduplicator? keyer, string config)
    {
        var labelField = context.Spec.Labels is { } labels ? context.Spec.Schema.IndexOf(labels.Field) : -1;
        var groupBy = context.Spec.Select?.CapBy;
        var groupField = groupBy is null ? -2 : groupBy == RecordSchema.IdField ? -1 : context.Spec.Schema.IndexOf(groupBy);
        var key = new StageKey(KeysKind).Add(config).Add(context.Spec.Schema.Canonical).Add(input.ContentHash).Finish();
        return context.Cache.TryGetVerified(KeysKind, key) ?? context.Cache.Put(KeysKind, key, payload =>
        {
            using var writer = new BinaryWriter(payload, Encoding.UTF8, leaveOpen: true);
            foreach (var traced in TracedRecordStream.Read(input))
            {
                if (traced.Dropped)
                {
                    continue;
                }

                writer.Write((byte)1);
                writer.Write(traced.Record.Id);
                writer.Write(traced.Record.Row);
                var recordKey = keyer?.KeyOf(traced.Record);
                writer.Write(recordKey.HasValue);
                if (recordKey is { } k)
                {
                    writer.Write((ulong)(k >> 64));
                    writer.Write((ulong)k);
                }

                RecordEncoding.WriteNullableString(writer, labelField >= 0 ? traced.Record[labelField] as string : null);
                RecordEncoding.WriteNullableString(writer, groupField == -2 ? null
                    : groupField == -1 ? traced.Record.Id
                    : Convert.ToString(traced.Record[groupField], System.Globalization.CultureInfo.InvariantCulture));
            }

            writer.Write((byte)0);
        });
    }

    private static IEnumerable<(string Id, long Row, UInt128? Key, string? Label, string? Group)> ReadKeys(CacheEntry keys)
    {
        using var payload = keys.OpenPayload();
        using var reader = new BinaryReader(new BufferedStream(payload, 1 << 16), Encoding.UTF8);
        while (reader.ReadByte() == 1)
        {
            var id = reader.ReadString();
            var row = reader.ReadInt64();
            UInt128? key = reader.ReadBoolean() ? new UInt128(reader.ReadUInt64(), reader.ReadUInt64()) : null;
            var label = RecordEncoding.ReadNullableString(reader);
            yield return (id, row, key, label, RecordEncoding.ReadNullableString(reader));
        }
    }
}

/// <summary>The manifest's <c>conflicts</c>: groups of duplicates whose labels disagree, their records, and the resolution.</summary>
public sealed class ConflictSummary
{
    public long Groups { get; set; }

    public long Records { get; set; }

    public string Resolution { get; set; } = "";
}
