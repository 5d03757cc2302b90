using System.Security.Cryptography;
using System.Text;
using DatasetBuild.Core.Provenance;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Engine.Stages.Emit;

/// <summary>
/// The dataset's logical content hash, built from per-file digests so a build that reuses a file's work never
/// reads its records again. A file's digest in a split is the SHA-256 of its kept records in that split, in output
/// order (<see cref="ContentHasher"/>: id, values in the canonical encoding, asset hashes); a split's hash is the
/// SHA-256 of its name and the digests of the files with records in it, in canonical file order; the content
/// hash is the split's hash when there is one split, else the SHA-256 of every "split=hash" line. Nothing in it
/// depends on Parquet bytes, library versions, file names, line endings, culture or time zone.
/// </summary>
public sealed class ContentDigests(IReadOnlyList<string> splits) : IEmitTally
{
    private const int DigestLength = 32;

    private readonly List<(int Split, byte[] Digest)> _digests = [];
    private readonly ContentHasher?[] _open = new ContentHasher?[splits.Count];

    /// <summary>Adds a kept record of the current file.</summary>
    public void Add(int split, Record record) => (_open[split] ??= new ContentHasher()).Add(record);

    /// <summary>Ends the current file: each split it had records in gets the file's digest.</summary>
    public void EndFile()
    {
        for (var split = 0; split < _open.Length; split++)
        {
            if (_open[split] is { } hasher)
            {
                _digests.Add((split, hasher.FinishBytes()));
                hasher.Dispose();
                _open[split] = null;
            }
        }
    }

    public void WriteTo(BinaryWriter writer)
    {
        writer.Write(_digests.Count);
        foreach (var (split, digest) in _digests)
        {
            writer.Write(split);
            writer.Write(digest);
        }
    }

    public void MergeFrom(BinaryReader reader)
    {
        for (var n = reader.ReadInt32(); n > 0; n--)
        {
            _digests.Add((reader.ReadInt32(), reader.ReadBytes(DigestLength)));
        }
    }

    public string ContentHash()
    {
        var hashes = new List<string>();
        for (var split = 0; split < splits.Count; split++)
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using (var header = new MemoryStream())
            {
                using var writer = new BinaryWriter(header, Encoding.UTF8, leaveOpen: true);
                writer.Write((byte)0xFE);
                writer.Write(splits[split]);
                writer.Flush();
                hash.AppendData(header.ToArray());
            }

            foreach (var (s, digest) in _digests)
            {
                if (s == split)
                {
                    hash.AppendData(digest);
                }
            }

            hashes.Add("sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset()));
        }

        if (hashes.Count == 1)
        {
            return hashes[0];
        }

        var text = string.Join("\n", splits.Select((name, i) => $"{name}={hashes[i]}"));
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
