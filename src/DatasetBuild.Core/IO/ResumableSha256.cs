using System.Runtime.InteropServices;

namespace DatasetBuild.Core.IO;

/// <summary>
/// SHA-256 whose running state can be saved and resumed: OpenSSL's <c>SHA256_Init/Update/Final</c> on its plain
/// <c>SHA256_CTX</c> (eight hash words, the bit count, the unhashed tail and its length: <see cref="StateSize"/> bytes,
/// the same layout in OpenSSL 1.1 and 3). .NET's <c>IncrementalHash</c> cannot export its state. The emit stage saves the
/// state after each job of an output file, so a later build that keeps the file's first jobs resumes hashing after them
/// instead of hashing them again (<see cref="Engine.Stages.Emit.OutputsMemo"/>). Where libcrypto is not found (Windows,
/// macOS), <see cref="IsAvailable"/> is false and the caller hashes the whole file as before.
/// </summary>
internal sealed class ResumableSha256
{
    /// <summary>The bytes of a saved state: <c>sizeof(SHA256_CTX)</c>.</summary>
    public const int StateSize = 112;

    private const string Library = "libcrypto.so.3";

    // Larger than the context, in case a build of the library pads it.
    private readonly byte[] _context = new byte[256];

    /// <summary>A new hash, or one resumed from <paramref name="state"/> (<see cref="SaveState"/>).</summary>
    public ResumableSha256(ReadOnlySpan<byte> state = default)
    {
        if (state.IsEmpty)
        {
            Check(SHA256_Init(_context));
        }
        else if (state.Length == StateSize)
        {
            state.CopyTo(_context);
        }
        else
        {
            throw new ArgumentException($"a SHA-256 state is {StateSize} bytes, not {state.Length}", nameof(state));
        }
    }

    /// <summary>Whether libcrypto's SHA-256 can be called here (checked once, on a known answer).</summary>
    public static bool IsAvailable => Probe.Value;

    private static readonly Lazy<bool> Probe = new(() =>
    {
        try
        {
            var hash = new ResumableSha256();
            hash.Append("abc"u8);
            return Convert.ToHexStringLower(hash.Finish()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException or InvalidOperationException)
        {
            return false;
        }
    });

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.IsEmpty)
        {
            Check(SHA256_Update(_context, ref MemoryMarshal.GetReference(bytes), (nuint)bytes.Length));
        }
    }

    /// <summary>The state after everything appended so far, to resume from later.</summary>
    public byte[] SaveState() => _context[..StateSize];

    /// <summary>The hash of everything appended; the object is spent after.</summary>
    public byte[] Finish()
    {
        var hash = new byte[32];
        Check(SHA256_Final(hash, _context));
        return hash;
    }

    private static void Check(int result)
    {
        if (result != 1)
        {
            throw new InvalidOperationException("libcrypto's SHA-256 failed");
        }
    }

#pragma warning disable SA1300, CA1401, SYSLIB1054 // the C functions' own names; classic imports need no unsafe code
    [DllImport(Library)]
    private static extern int SHA256_Init(byte[] context);

    [DllImport(Library)]
    private static extern int SHA256_Update(byte[] context, ref byte data, nuint length);

    [DllImport(Library)]
    private static extern int SHA256_Final(byte[] hash, byte[] context);
#pragma warning restore SA1300, CA1401, SYSLIB1054
}
