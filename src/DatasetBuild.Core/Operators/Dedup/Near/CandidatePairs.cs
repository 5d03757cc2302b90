using System.Collections;

namespace DatasetBuild.Core.Operators.Dedup.Near;

/// <summary>
/// The distinct pairs of records that share a band (<see cref="LshBuckets.Pairs"/>), ordered by the
/// later record, then the earlier one. Stored as one 64-bit value per pair.
/// </summary>
public sealed class CandidatePairs : IReadOnlyList<RecordPair>
{
    private readonly ulong[] _packed;

    internal CandidatePairs(ulong[] packed) => _packed = packed;

    public int Count => _packed.Length;

    public RecordPair this[int index] => Unpack(_packed[index]);

    public IEnumerator<RecordPair> GetEnumerator()
    {
        foreach (var packed in _packed)
        {
            yield return Unpack(packed);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The packed form: the later index in the high half, so ascending values are the pairs' order.</summary>
    internal static ulong Pack(int earlier, int later) => ((ulong)(uint)later << 32) | (uint)earlier;

    private static RecordPair Unpack(ulong packed) => new((int)(uint)packed, (int)(packed >> 32));
}
