using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Sources;

/// <summary>A file matched by a source's glob. <see cref="RelativePath"/> is relative to the spec folder, '/'-separated.</summary>
public sealed record SourceFile(SourceSpec Source, int SourceIndex, string RelativePath, string FullPath);
