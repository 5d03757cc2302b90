using DatasetBuild.Core.Output;
using DatasetBuild.Core.Records;
using DatasetBuild.Tests.Support;

namespace DatasetBuild.Tests.Output;

[TestClass]
public sealed class ParquetAssemblerTests
{
    private static readonly TableColumn[] Columns = [new("id", FieldType.String), new("n", FieldType.Int), new("score", FieldType.Float), new("ok", FieldType.Bool)];

    [TestMethod]
    public void RowGroupsOfManyPartsReadBackInOrder()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "t.parquet");
        var rows = (ParquetTableWriter.RowGroupSize * 3) + 17;
        using (var writer = new ParquetTableWriter(path, Columns))
        {
            for (var i = 0; i < rows; i++)
            {
                writer.Write([$"r{i}", i % 7 == 0 ? null : (long)i, i * 0.5, i % 2 == 0]);
            }
        }

        var read = ParquetTestReader.ReadAll(path);
        Assert.HasCount(rows, read);
        foreach (var i in new[] { 0, 1, ParquetTableWriter.RowGroupSize - 1, ParquetTableWriter.RowGroupSize, rows - 1 })
        {
            Assert.AreEqual($"r{i}", read[i]["id"]);
            Assert.AreEqual(i % 7 == 0 ? null : (long?)i, read[i]["n"]);
            Assert.AreEqual(i * 0.5, read[i]["score"]);
            Assert.AreEqual(i % 2 == 0, read[i]["ok"]);
        }

        var metadata = MetadataOf(path);
        Assert.AreEqual(rows, metadata.NumRows);
        Assert.HasCount(4, metadata.RowGroups);
        CollectionAssert.AreEqual(new long[] { 10_000, 10_000, 10_000, 17 }, metadata.RowGroups.Select(g => g.NumRows).ToArray());
        var ordinals = metadata.RowGroups.Select(g => g.Ordinal).ToArray();
        Assert.IsTrue(ordinals.All(o => o is null) || ordinals.Select((o, i) => o == i).All(x => x), "ordinals, when written, number the row groups");
    }

    private static Parquet.Meta.FileMetaData MetadataOf(string path)
    {
        using var stream = File.OpenRead(path);
        var reader = Parquet.ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        try
        {
            return reader.Metadata!;
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    [TestMethod]
    public void OnePartAssembledIsThatPartsBytes()
    {
        // Nothing moves for the first part: the rewritten footer must be the one Parquet.Net wrote, byte for byte.
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "one.parquet");
        using (var writer = new ParquetTableWriter(path, Columns))
        {
            for (var i = 0; i < 100; i++)
            {
                writer.Write([$"r{i}", (long)i, null, true]);
            }
        }

        var rows = new RowGroupBuffer(Columns);
        for (var i = 0; i < 100; i++)
        {
            rows.Add([$"r{i}", (long)i, null, true]);
        }

        var part = ParquetPart.EncodeInto(Columns, rows, new MemoryStream()).ToArray();
        CollectionAssert.AreEqual(part, File.ReadAllBytes(path));
    }

    [TestMethod]
    public void ATableWithoutRowsStillHasItsSchema()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "empty.parquet");
        using (new ParquetTableWriter(path, Columns))
        {
        }

        Assert.AreEqual(0, MetadataOf(path).NumRows);
        Assert.IsEmpty(ParquetTestReader.ReadAll(path));
        CollectionAssert.AreEqual(new[] { "id", "n", "score", "ok" }, MetadataOf(path).Schema.Skip(1).Select(e => e.Name).ToArray());
    }
}
