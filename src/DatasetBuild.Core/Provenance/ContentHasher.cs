using System.Security.Cryptography;
using System.Text;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Provenance;

/// <summary>
/// SHA-256 over records (id and values in the canonical encoding, and the sha256 of each asset file), in the
/// order they are added: the digest of one file's records in one split, from which
/// <see cref="Engine.Stages.Emit.ContentDigests"/> builds the dataset's content hash.
/// </summary>
public sealed class ContentHasher : IDisposable
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly MemoryStream _buffer = new();
    private readonly BinaryWriter _writer;

    public ContentHasher()
    {
        _writer = new BinaryWriter(_buffer, Encoding.UTF8, leaveOpen: true);
    }

    public void Add(Record record)
    {
        _writer.Write((byte)0xFF);
        _writer.Write(record.Id);
        foreach (var value in record.Values)
        {
            RecordEncoding.WriteValue(_writer, value);
        }

        // A record's assets are part of its content: replacing an image changes the dataset.
        foreach (var asset in record.Assets ?? [])
        {
            _writer.Write((byte)0xFD);
            _writer.Write(asset.Sha256 ?? "");
        }


        // Hashed in batches: one call per record would cost more than the hashing.
        _writer.Flush();
        if (_buffer.Length >= 1 << 16)
        {
            Drain();
        }
    }

    public byte[] FinishBytes()
    {
        Drain();
        return _hash.GetHashAndReset();
    }

    public void Dispose()
    {
        _writer.Dispose();
        _buffer.Dispose();
        _hash.Dispose();
    }

    private void Drain()
    {
        _writer.Flush();
        _hash.AppendData(_buffer.GetBuffer(), 0, (int)_buffer.Length);
        _buffer.SetLength(0);
    }
}
