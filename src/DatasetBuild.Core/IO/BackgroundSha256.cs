using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DatasetBuild.Core.IO;

/// <summary>
/// SHA-256 computed on another thread: appended bytes are copied into 1 MB blocks that are hashed there, in order, so
/// a writer that copies hundreds of megabytes into a file does not also wait for the hash. At most a few blocks wait
/// at a time.
/// </summary>
public sealed class BackgroundSha256 : IDisposable
{
    private const int BlockSize = 1 << 20;

    private readonly BlockingCollection<(byte[] Buffer, int Length)> _blocks = new(boundedCapacity: 16);
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Task _hashing;
    private byte[]? _block;
    private int _filled;

    public BackgroundSha256()
    {
        // A thread of its own: it waits for blocks all through a build and must not hold a pool thread the
        // workers need.
        _hashing = Task.Factory.StartNew(
            () =>
            {
                try
                {
                    foreach (var (buffer, length) in _blocks.GetConsumingEnumerable())
                    {
                        _hash.AppendData(buffer, 0, length);
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
                finally
                {
                    _blocks.CompleteAdding(); // after a failure, a writer's next Add throws instead of waiting forever
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        // Gathered into blocks of BlockSize: a file written in thousands of small parts is handed over (and its
        // hashing thread woken) a few hundred times, not once per part.
        while (!bytes.IsEmpty)
        {
            _block ??= ArrayPool<byte>.Shared.Rent(BlockSize);
            var take = Math.Min(bytes.Length, _block.Length - _filled);
            bytes[..take].CopyTo(_block.AsSpan(_filled));
            _filled += take;
            bytes = bytes[take..];
            if (_filled == _block.Length)
            {
                HandOver();
            }
        }
    }

    /// <summary>
    /// Appends <paramref name="length"/> bytes of <paramref name="pooled"/>, a buffer rented from
    /// <see cref="ArrayPool{T}.Shared"/>: handed to the hashing thread as it is (not copied) and returned to the pool there.
    /// The caller must not touch it after.
    /// </summary>
    public void AppendOwned(byte[] pooled, int length)
    {
        HandOver(); // the bytes appended before go first
        Queue(pooled, length);
    }

    private void HandOver()
    {
        if (_block is not { } block || _filled == 0)
        {
            return;
        }

        var length = _filled;
        _block = null;
        _filled = 0;
        Queue(block, length);
    }

    /// <summary>Gives a pooled buffer to the hashing thread, which returns it to the pool.</summary>
    private void Queue(byte[] pooled, int length)
    {
        try
        {
            _blocks.Add((pooled, length));
        }
        catch (InvalidOperationException)
        {
            ArrayPool<byte>.Shared.Return(pooled);
            _hashing.GetAwaiter().GetResult(); // the hashing thread failed: surface why
            throw;
        }
    }

    /// <summary>The lower-case hex SHA-256 of everything appended; call once, after the last append.</summary>
    public string Finish()
    {
        HandOver();
        _blocks.CompleteAdding();
        _hashing.GetAwaiter().GetResult();
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public void Dispose()
    {
        _blocks.CompleteAdding();
        try
        {
            _hashing.GetAwaiter().GetResult();
        }
        catch (CryptographicException)
        {
            // Disposed after a failure: the failure being reported is the one that counts.
        }

        _blocks.Dispose();
        _hash.Dispose();
        if (_block is { } block)
        {
            _block = null;
            ArrayPool<byte>.Shared.Return(block);
        }
    }
}
