using System.Text;
using DatasetBuild.Core.IO;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The similarities <c>dedup.near</c> verified in this project's last build, by the two records' identities: a
/// record is (its file's label-stage content hash, its position among the file's kept records), which names the
/// same text in every build. A build that adds files verifies only the candidate pairs that touch new records;
/// the rest are looked up. Kept beside the stage state, for the near-dup config it was made with (the settings
/// decide the similarity); any other config starts empty. Holds nothing between builds but the file.
/// </summary>
public sealed class NearPairMemo
{
    private const int Version = 1;

    private readonly string _path;
    private readonly string _config;
    private readonly Dictionary<(string File, int Position), int> _recordIds = [];
    private readonly Dictionary<(int A, int B), double> _previous = [];
    private readonly List<(string FileA, int PositionA, string FileB, int PositionB, double Similarity)> _next = [];
    private readonly Lock _lock = new();

    private NearPairMemo(string path, string config)
    {
        _path = path;
        _config = config;
    }

    public static NearPairMemo Load(string stateDirectory, string config)
    {
        var memo = new NearPairMemo(Path.Combine(stateDirectory, "dedup-near.memo"), config);
        try
        {
            if (File.Exists(memo._path))
            {
                memo.Read();
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or IndexOutOfRangeException or ArgumentException or OverflowException or FormatException or OutOfMemoryException or UnauthorizedAccessException)
        {
            memo._recordIds.Clear();
            memo._previous.Clear(); // a damaged memo is only a lost shortcut
        }

        return memo;
    }

    /// <summary>The similarity verified last time for these two records, if it was.</summary>
    public double? Known(string fileA, int positionA, string fileB, int positionB) =>
        _recordIds.TryGetValue((fileA, positionA), out var a) && _recordIds.TryGetValue((fileB, positionB), out var b)
        && _previous.TryGetValue((a, b), out var similarity) ? similarity : null;

    /// <summary>Keeps a pair of this build (looked up or verified) for the next one.</summary>
    public void Keep(string fileA, int positionA, string fileB, int positionB, double similarity)
    {
        lock (_lock)
        {
            _next.Add((fileA, positionA, fileB, positionB, similarity));
        }
    }

    public void Save() => AtomicFile.Write(_path, stream =>
    {
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Version);
        writer.Write(_config);
        var files = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (fileA, _, fileB, _, _) in _next)
        {
            files.TryAdd(fileA, files.Count);
            files.TryAdd(fileB, files.Count);
        }

        writer.Write(files.Count);
        foreach (var file in files.Keys)
        {
            writer.Write(file);
        }

        writer.Write(_next.Count);
        foreach (var (fileA, positionA, fileB, positionB, similarity) in _next)
        {
            writer.Write(files[fileA]);
            writer.Write(positionA);
            writer.Write(files[fileB]);
            writer.Write(positionB);
            writer.Write(similarity);
        }
    });

    private void Read()
    {
        using var reader = new BinaryReader(new BufferedStream(File.OpenRead(_path), 1 << 16), Encoding.UTF8);
        if (reader.ReadInt32() != Version || reader.ReadString() != _config)
        {
            return;
        }

        var files = new string[reader.ReadInt32()];
        for (var f = 0; f < files.Length; f++)
        {
            files[f] = reader.ReadString();
        }

        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            var a = Id(files[reader.ReadInt32()], reader.ReadInt32());
            var b = Id(files[reader.ReadInt32()], reader.ReadInt32());
            _previous[(a, b)] = reader.ReadDouble();
        }
    }

    private int Id(string file, int position)
    {
        if (!_recordIds.TryGetValue((file, position), out var id))
        {
            _recordIds[(file, position)] = id = _recordIds.Count;
        }

        return id;
    }
}
