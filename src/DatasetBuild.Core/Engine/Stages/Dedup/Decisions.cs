namespace DatasetBuild.Core.Engine.Stages;

/// <summary>
/// The dedup passes' decision for each record of a <see cref="KeyTable"/>, if any: a number per record into the few
/// decisions made, 4 bytes a record where an array of optional decisions took 48 (48 MB at a million records).
/// </summary>
public sealed class Decisions(int count)
{
    private readonly int[] _made = new int[count]; // 0: none; else the decision's position in _decisions plus one
    private readonly List<Decision> _decisions = [];

    public int Count => _made.Length;

    /// <summary>The records with a decision.</summary>
    public int Made => _decisions.Count;

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
                _decisions.Add(decision);
                _made[record] = _decisions.Count;
            }
            else
            {
                _decisions[_made[record] - 1] = decision;
            }
        }
    }
}
