using System.Reflection;
using System.Runtime.InteropServices;

namespace DatasetBuild.Core.Assets;

/// <summary>
/// Finds libSkiaSharp beside SkiaSharp.dll (in <c>runtimes/&lt;rid&gt;/native/</c> or the folder itself) whatever
/// loads us: inside MSBuild the task assembly lives in its own load context, and a host without our
/// .deps.json (a copied task folder, a test run) would otherwise not look in <c>runtimes/</c>.
/// </summary>
internal static class SkiaNativeLibrary
{
    private static int _registered;

    public static void EnsureResolver()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        try
        {
            NativeLibrary.SetDllImportResolver(typeof(SkiaSharp.SKCodec).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // The host registered its own resolver: it knows best.
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!name.Contains("SkiaSharp", StringComparison.Ordinal))
        {
            return IntPtr.Zero;
        }

        var folder = Path.GetDirectoryName(assembly.Location);
        if (string.IsNullOrEmpty(folder))
        {
            return IntPtr.Zero;
        }

        var file = OperatingSystem.IsWindows() ? "libSkiaSharp.dll" : OperatingSystem.IsMacOS() ? "libSkiaSharp.dylib" : "libSkiaSharp.so";
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var candidates = new[]
        {
            Path.Combine(folder, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", file),
            Path.Combine(folder, "runtimes", $"{os}-{arch}", "native", file),
            Path.Combine(folder, "runtimes", $"{os}-musl-{arch}", "native", file),
            Path.Combine(folder, file),
        };
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero; // fall back to the runtime's own probing
    }
}
