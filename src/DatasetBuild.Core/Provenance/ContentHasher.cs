using System.Security.Cryptography;
using System.Text;
using DatasetBuild.Core.Records;

namespace DatasetBuild.Core.Provenance;

/// <summary>
/// The dataset's logical content hash: SHA-256 over each split's name and its records (id and values in
/// the canonical encoding, and the sha256 of each asset file), in output order. It does not depend on Parquet bytes, library versions,
/// file names, line endings, culture or time zone.
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

    public void BeginSplit(string split)
    {
        _writer.Write((byte)0xFE);
        _writer.Write(split);
        Drain();
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

    public string Finish()
    {
        Drain();
        return "sha256:" + Convert.ToHexStringLower(_hash.GetHashAndReset());
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
