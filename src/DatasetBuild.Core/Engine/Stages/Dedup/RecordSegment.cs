namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// A run of consecutive records of the near-dup pass that come from one place: a source file, named by its
/// label-stage content hash, or the released dataset (<c>against</c>), named by its files' digests. The same identity
/// holds the same records in the same order in every build, so a record is (identity, position in the run).
/// </summary>
public readonly record struct RecordSegment(string Identity, int First, int Count);
