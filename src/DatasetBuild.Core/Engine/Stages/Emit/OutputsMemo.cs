using System.IO.Hashing;
using System.Text;
using DatasetBuild.Core.IO;
using DatasetBuild.Core.Output;

namespace DatasetBuild.Core.Engine.Stages.Emit;

/// <summary>
/// What the last emit wrote into each output file (lineage.parquet last), in the stage state folder: the jobs' keys in
/// order, and per file a checkpoint after each job (<see cref="OutputFileMemo"/>). A build takes the jobs it shares with
/// the last one from the published files (<see cref="PublishedFiles"/>) instead of reading their pieces from the cache.
/// <see cref="Identity"/> ties the memo to the emit config, the engine and the output paths; a trailer (XxHash128) to its
/// own bytes. A memo that does not fit is only a lost shortcut.
/// </summary>
internal sealed class OutputsMemo
{
    private const string FileName = "emit.outputs.memo";
    private const string Magic = "dsb-outputs-memo-2";

    public OutputsMemo(string identity, IReadOnlyList<string> jobKeys, IReadOnlyList<OutputFileMemo> files)
    {
        Identity = identity;
        JobKeys = jobKeys;
        Files = files;
    }

    public string Identity { get; }

    public IReadOnlyList<string> JobKeys { get; }

    public IReadOnlyList<OutputFileMemo> Files { get; }

    /// <summary>What the bytes of a job's part of every output depend on besides the job: the emit config, the engine and the files' paths.</summary>
    public static string IdentityOf(EmitSetup setup, IEnumerable<string> relativePaths) =>
        string.Join("\n", [EngineVersion.CacheFormat, setup.Config, .. relativePaths]);

    public static OutputsMemo? Load(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, FileName);
        try
        {
            if (!File.Exists(path))
            {
                return null;
            }

            var bytes = File.ReadAllBytes(path);
            if (bytes.Length < 16 || !XxHash128.Hash(bytes.AsSpan(0, bytes.Length - 16)).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 16)))
            {
                return null;
            }

            using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - 16, writable: false), Encoding.UTF8);
            return reader.ReadString() == Magic ? Read(reader) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Removes the memo: done before outputs are replaced, so a build killed before <see cref="Save"/> leaves none that could be believed.</summary>
    public static void Forget(string stateDirectory) => File.Delete(Path.Combine(stateDirectory, FileName));

    public void Save(string stateDirectory)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            Write(writer);
        }

        buffer.Write(XxHash128.Hash(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        // Not flushed to disk: a torn memo fails its trailer and is only a lost shortcut.
        AtomicFile.WriteAllBytes(Path.Combine(stateDirectory, FileName), buffer.GetBuffer().AsSpan(0, (int)buffer.Length), durable: false);
    }

    /// <summary>
    /// The published files this memo describes, open, when this build can take jobs from them (null when not: another
    /// config, or a file that is not the one the memo describes: another length, or written after the last manifest,
    /// which <paramref name="published"/> vouches for). <paramref name="targets"/> are the output files, lineage last;
    /// <paramref name="releaseRead"/> hands the pages read from them back to the kernel (<see cref="PublishedOutput"/>).
    /// </summary>
    public PublishedFiles? Open(string identity, IReadOnlyList<string> targets, IReadOnlyList<string?> relativePaths, PublishedOutputs published, bool releaseRead)
    {
        if (identity != Identity || Files.Count != targets.Count)
        {
            return null;
        }

        var files = new List<PublishedOutput>();
        try
        {
            for (var o = 0; o < targets.Count; o++)
            {
                var old = File.OpenHandle(targets[o], FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                if (RandomAccess.GetLength(old) != Files[o].Length || !published.Vouches(relativePaths[o], old, Files[o].Sha256))
                {
                    old.Dispose();
                    break;
                }

                files.Add(new PublishedOutput(old, Files[o], releaseRead));
            }

            if (files.Count == targets.Count)
            {
                return new PublishedFiles(files, JobKeys);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file gone or unreadable: written whole.
        }

        foreach (var file in files)
        {
            file.File.Dispose();
        }

        return null;
    }

    private void Write(BinaryWriter writer)
    {
        writer.Write(Identity);
        writer.Write(JobKeys.Count);
        foreach (var key in JobKeys)
        {
            writer.Write(key);
        }

        writer.Write(Files.Count);
        foreach (var file in Files)
        {
            writer.Write(file.Sha256);
            writer.Write(file.Length);
            WriteBytes(writer, file.FirstFooter);
            WriteBytes(writer, file.RowGroups);
            foreach (var job in file.Jobs)
            {
                writer.Write(job.Length);
                writer.Write(job.Rows);
                writer.Write(job.RowGroups);
                writer.Write(job.RowGroupBytes);
            }
        }
    }

    private static OutputsMemo? Read(BinaryReader reader)
    {
        var identity = reader.ReadString();
        var keys = new string[Count(reader)];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = reader.ReadString();
        }

        var files = new OutputFileMemo[Count(reader)];
        for (var f = 0; f < files.Length; f++)
        {
            var sha = reader.ReadString();
            var length = reader.ReadInt64();
            var firstFooter = ReadBytes(reader);
            var rowGroups = ReadBytes(reader) ?? [];
            var jobs = new OutputCheckpoint[keys.Length];
            for (var j = 0; j < jobs.Length; j++)
            {
                jobs[j] = new OutputCheckpoint(reader.ReadInt64(), reader.ReadInt64(), reader.ReadInt32(), reader.ReadInt32());
                var before = j == 0 ? null : jobs[j - 1];
                if (jobs[j].Length > length || jobs[j].RowGroupBytes > rowGroups.Length
                    || jobs[j].Length < (before?.Length ?? 0) || jobs[j].RowGroupBytes < (before?.RowGroupBytes ?? 0) || jobs[j].RowGroups < (before?.RowGroups ?? 0))
                {
                    return null;
                }
            }

            files[f] = new OutputFileMemo(sha, length, firstFooter, rowGroups, jobs);
        }

        return new OutputsMemo(identity, keys, files);
    }

    private static int Count(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        return count is >= 0 and <= 1 << 24 ? count : throw new InvalidDataException("a count out of range");
    }

    private static void WriteBytes(BinaryWriter writer, byte[]? bytes)
    {
        writer.Write(bytes?.Length ?? -1);
        writer.Write(bytes ?? []);
    }

    private static byte[]? ReadBytes(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        return length < 0 ? null : reader.ReadBytes(length);
    }
}
