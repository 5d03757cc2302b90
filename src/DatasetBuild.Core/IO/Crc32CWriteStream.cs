namespace DatasetBuild.Core.IO;

/// <summary>Passes writes through to a stream (left open) while computing their CRC-32C (<see cref="Crc32C"/>).</summary>
public sealed class Crc32CWriteStream(Stream inner) : WriteThroughStream(inner)
{
    private Crc32C _crc;

    /// <summary>The CRC-32C of everything written so far.</summary>
    public uint Checksum => _crc.Value;

    protected override void Observe(ReadOnlySpan<byte> bytes) => _crc.Append(bytes);
}
