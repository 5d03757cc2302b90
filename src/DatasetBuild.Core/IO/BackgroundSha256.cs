using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace DatasetBuild.Core.IO;

/// <summary>
/// SHA-256 computed on another thread: each appended block is copied and hashed there, in order, so a writer that
/// copies hundreds of megabytes into a file does not also wait for the hash. At most a few blocks wait at a time.
/// </summary>
public sealed class BackgroundSha256 : IDisposable
{
    private readonly BlockingCollection<(byte[] Buffer, int Length)> _blocks = new(boundedCapacity: 16);
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly Task _hashing;

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
        if (bytes.IsEmpty)
        {
            return;
        }

        var copy = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.CopyTo(copy);
        try
        {
            _blocks.Add((copy, bytes.Length));
        }
        catch (InvalidOperationException)
        {
            ArrayPool<byte>.Shared.Return(copy);
            _hashing.GetAwaiter().GetResult(); // the hashing thread failed: surface why
            throw;
        }
    }

    /// <summary>The lower-case hex SHA-256 of everything appended; call once, after the last append.</summary>
    public string Finish()
    {
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
    }
}
