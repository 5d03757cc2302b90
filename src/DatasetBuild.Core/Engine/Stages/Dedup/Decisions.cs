namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The dedup passes' decision for each record of a <see cref="KeyTable"/>, if any: a number per record into the few
/// decisions made, 4 bytes a record where an array of optional decisions took 48 (48 MB at a million records). The
/// decisions are kept in an array grown here rather than a List: the framework's generic code over this assembly's
/// struct is compiled by the JIT in every build, and a pass may make a hundred thousand decisions.
/// </summary>
public sealed class Decisions(int count)
{
    private readonly int[] _made = new int[count]; // 0: none; else the decision's position in _decisions plus one
    private Decision[] _decisions = new Decision[16];
    private int _count;

    public int Count => _made.Length;

    /// <summary>The records with a decision.</summary>
    public int Made => _count;

    /// <summary>The record's decision, if it has one (without the copy into a nullable the indexer makes).</summary>
    public bool TryGet(int record, out Decision decision)
    {
        var made = _made[record];
        decision = made == 0 ? default : _decisions[made - 1];
        return made != 0;
    }

    public Decision? this[int record]
    {
        get => _made[record] == 0 ? null : _decisions[_made[record] - 1];
        set
        {
            if (value is not { } decision)
            {
                _made[record] = 0;
            }
            else if (_made[record] == 0)
            {
                if (_count == _decisions.Length)
                {
                    Array.Resize(ref _decisions, _count * 2);
                }

                _decisions[_count++] = decision;
                _made[record] = _count;
            }
            else
            {
                _decisions[_made[record] - 1] = decision;
            }
        }
    }
}
