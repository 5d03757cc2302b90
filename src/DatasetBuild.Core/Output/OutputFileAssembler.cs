using DatasetBuild.Core.IO;
using DatasetBuild.Core.Output.Assembly;

namespace DatasetBuild.Core.Output;

/// <summary>
/// Writes one output file from its parts in order, hashing it as it goes: Parquet parts are joined by
/// <see cref="ParquetAssembler"/> (pages copied, one footer), line formats are concatenated. A Parquet file with
/// no part gets an empty one, so it still carries the schema.
/// </summary>
public sealed class OutputFileAssembler : IDisposable
{
    private readonly IReadOnlyList<TableColumn> _columns;
    private readonly string _compression;
    private readonly FileStream _file;
    private readonly Sha256WriteStream _hashing;
    private readonly ParquetAssembler? _parquet;
    private bool _anyPart;

    /// <summary>Creates the file at <paramref name="path"/>; <paramref name="compression"/> is the codec of the empty part a Parquet file with no part gets.</summary>
    public OutputFileAssembler(string path, bool parquet, IReadOnlyList<TableColumn> columns, string compression = Spec.Model.OutputSpec.DefaultCompression)
    {
        _columns = columns;
        _compression = compression;
        // A new file is created as new. FileMode.Create opens the file and then truncates it to zero (ftruncate), which
        // makes ext4 treat it as "replaced by truncation" (auto_da_alloc) and start writing all its data out when it is
        // closed: a quarter of a second for 660 MB, on the build's path. The emit stage always writes to a fresh
        // temporary name; other callers (tests, tools) may overwrite a file, which keeps the old behaviour.
        _file = new FileStream(path, File.Exists(path) ? FileMode.Create : FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _hashing = new Sha256WriteStream(_file);
        _parquet = parquet ? new ParquetAssembler(_hashing) : null;
    }

    /// <summary>Whether parts are Parquet files (parse them with <see cref="ParquetAssembler.Parse"/>), not lines.</summary>
    public bool IsParquet => _parquet is not null;

    /// <summary>Appends a Parquet part parsed ahead (<see cref="ParquetAssembler.Parse"/>), or lines when <paramref name="parsed"/> is null.</summary>
    internal void Append(ReadOnlySpan<byte> part, ParsedPart? parsed)
    {
        if (parsed is null || _parquet is null)
        {
            Append(part);
            return;
        }

        _anyPart = true;
        _parquet.Append(parsed, part);
    }

    public void Append(ReadOnlySpan<byte> part)
    {
        if (part.IsEmpty)
        {
            return;
        }

        _anyPart = true;
        if (_parquet is not null)
        {
            _parquet.Append(part);
        }
        else
        {
            _hashing.Write(part);
        }
    }

    /// <summary>Completes the file; returns its SHA-256 (lower-case hex).</summary>
    public string Finish()
    {
        if (_parquet is not null)
        {
            if (!_anyPart)
            {
                _parquet.Append(ParquetPart.Empty(_columns, _compression).Span);
            }

            _parquet.Finish();
        }

        // Not flushed to disk: like a compiler's outputs, data files are derived (rebuilt from the cache and the
        // sources) and checksummed by the manifest; the rename that publishes them is atomic for readers and for a
        // killed build. Flushing ~1 GB would cost seconds on every build that changed one file.
        var sha = _hashing.Finish();
        _file.Flush();
        return sha;
    }

    public void Dispose()
    {
        _hashing.Dispose();
        _file.Dispose();
    }
}
