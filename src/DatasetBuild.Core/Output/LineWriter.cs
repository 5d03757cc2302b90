using System.Text;

namespace DatasetBuild.Core.Output;

/// <summary>Writes pre-rendered JSON lines: UTF-8 without BOM, LF endings.</summary>
public sealed class LineWriter(string path) : IDisposable
{
    private readonly StreamWriter _writer = new(path, append: false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };

    public void Write(string line) => _writer.WriteLine(line);

    public void Dispose() => _writer.Dispose();
}
