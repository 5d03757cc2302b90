namespace DatasetBuild.Core.Engine;

/// <summary>
/// When a stage fails on bytes it could not decode (an unknown tag, a length past the end), the cause is almost
/// always a damaged cache entry read before its end, where its hash is checked. This reads every entry the stage
/// touched, and the entries overlays among them stand on, to the end: a damaged one is discarded (warning DSB4001)
/// and the stage runs again, rebuilding it. Only on that failure path; a healthy build never pays for it.
/// </summary>
public static class CorruptEntrySearch
{
    /// <summary>The first damaged entry as a <see cref="CacheCorruptException"/> (the others discarded already), or null when all read clean.</summary>
    public static CacheCorruptException? Find(StageCache cache)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<CacheEntry>(cache.Touched);
        CacheCorruptException? first = null;
        while (pending.Count > 0)
        {
            var entry = pending.Pop();
            if (!seen.Add(entry.Path) || !File.Exists(entry.Path))
            {
                continue;
            }

            try
            {
                using (var payload = entry.OpenPayload())
                {
                    payload.CopyTo(Stream.Null);
                }

                foreach (var baseEntry in TracedRecordStream.BasesOf(entry))
                {
                    pending.Push(baseEntry);
                }
            }
            catch (CacheCorruptException corrupt)
            {
                if (first is null)
                {
                    first = corrupt;
                }
                else
                {
                    cache.Discard(corrupt);
                }
            }
        }

        return first;
    }
}
