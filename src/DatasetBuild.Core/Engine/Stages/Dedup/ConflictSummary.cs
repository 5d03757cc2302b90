namespace DatasetBuild.Core.Engine.Stages;

/// <summary>The manifest's <c>conflicts</c>: groups of duplicates whose labels disagree, their records, and the resolution.</summary>
public sealed class ConflictSummary
{
    public long Groups { get; set; }

    public long Records { get; set; }

    public string Resolution { get; set; } = "";

    /// <summary>The groups with the most records, for review (at most ten).</summary>
    public List<ConflictGroup> Worst { get; set; } = [];
}

/// <summary>One conflict group: how many records it has, their labels, and the ids of its first records.</summary>
public sealed class ConflictGroup
{
    public long Records { get; set; }

    public Dictionary<string, long> Labels { get; set; } = [];

    public List<string> RecordIds { get; set; } = [];

    /// <summary>The text of the group's first record (the task input, at most 280 characters; <see cref="ReviewSnippets"/>).</summary>
    public string? Text { get; set; }
}
