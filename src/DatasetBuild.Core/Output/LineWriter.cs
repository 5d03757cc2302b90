using System.Text;

namespace DatasetBuild.Core.Output;

/// <summary>Writes pre-rendered JSON lines: UTF-8 without BOM, LF endings. Owns (disposes) its stream.</summary>
public sealed class LineWriter(Stream stream) : IDisposable
{
    private readonly StreamWriter _writer = new(stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };

    public LineWriter(string path)
        : this(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None))
    {
    }

    public void Write(string line) => _writer.WriteLine(line);

    public void Dispose() => _writer.Dispose();
}
