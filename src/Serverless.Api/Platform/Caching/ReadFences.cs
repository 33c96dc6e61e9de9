using System.Collections.Concurrent;
using NpgsqlTypes;

namespace Serverless.Api.Platform.Caching;

/// <summary>
/// Remembers, per cache tag, the WAL position of the latest change this instance has heard of. A
/// cached copy read before that position is out of date even if it was stored after the invalidation
/// (a load that raced the write), and a refill must come from a source that has replayed the change:
/// without the fence, a refill from a lagging replica would put the old version straight back.
/// </summary>
public sealed class ReadFences(TimeProvider time)
{
    private const int PruneAbove = 10_000;
    private readonly ConcurrentDictionary<string, (ulong Lsn, long Until)> _fences = new(StringComparer.Ordinal);

    /// <summary>How long a fence is kept: as long as any copy that could predate it may be served.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromDays(1);

    public void Raise(string tag, NpgsqlLogSequenceNumber lsn)
    {
        var until = time.GetUtcNow().Add(Lifetime).UtcTicks;
        _fences.AddOrUpdate(tag, static (_, n) => n, static (_, old, n) => (Math.Max(old.Lsn, n.Lsn), n.Until), (Lsn: (ulong)lsn, Until: until));
        if (_fences.Count > PruneAbove)
        {
            Prune();
        }
    }

    /// <summary>The highest fence among <paramref name="tags"/>, or null when none is standing.</summary>
    public NpgsqlLogSequenceNumber? For(IEnumerable<string> tags)
    {
        ulong highest = 0;
        var now = time.GetUtcNow().UtcTicks;
        foreach (var tag in tags)
        {
            if (_fences.TryGetValue(tag, out var fence) && fence.Until > now && fence.Lsn > highest)
            {
                highest = fence.Lsn;
            }
        }
        return highest == 0 ? null : new NpgsqlLogSequenceNumber(highest);
    }

    private void Prune()
    {
        var now = time.GetUtcNow().UtcTicks;
        foreach (var (tag, fence) in _fences)
        {
            if (fence.Until <= now)
            {
                _fences.TryRemove(tag, out _);
            }
        }
    }
}
