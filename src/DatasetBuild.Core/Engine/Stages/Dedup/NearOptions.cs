using DatasetBuild.Core.Operators.Dedup.Near;
using DatasetBuild.Core.Spec.Model;

namespace DatasetBuild.Core.Engine.Stages;

/// <summary>The near-dedup library's options from the spec's <c>dedup.near</c>.</summary>
public static class NearOptions
{
    public static NearDuplicateOptions From(NearDedupSpec near) => new()
    {
        Unit = near.Unit == "char" ? ShingleUnit.Char : ShingleUnit.Word,
        NGram = near.Ngram,
        Permutations = near.Permutations,
        Seed = near.Seed,
        Threshold = near.Threshold,
        Bands = near.Bands,
        Rows = near.Rows,
        Verify = near.Verify,
        Keep = near.Keep == "longest" ? NearDuplicateKeep.Longest : NearDuplicateKeep.First,
    };
}
