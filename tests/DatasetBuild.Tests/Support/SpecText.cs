namespace DatasetBuild.Tests.Support;

/// <summary>Small specs for tests.</summary>
public static class SpecText
{
    public const string Minimal = """
        name: tiny
        version: 1.0.0
        schema:
          text: string
          label: string?
        sources:
          - name: notes
            path: data/*.jsonl
            license: MIT
            provenance: { permissions: [train] }
        """;
}
