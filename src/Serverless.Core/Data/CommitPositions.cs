using NpgsqlTypes;

namespace Serverless.Core.Data;

/// <summary>
/// The primary's WAL position after the latest commit made on this async flow: a request that must hand out
/// a consistency token starts tracking (<see cref="Track"/>), and <see cref="TenantSession.CommitAsync"/>
/// fills it in the COMMIT's own round trip. Without tracking, commits are plain and the position is asked
/// for separately.
/// </summary>
public sealed class CommitPositions
{
    private static readonly AsyncLocal<CommitPositions?> Tracking = new();
    private readonly Lock _gate = new();
    private NpgsqlLogSequenceNumber? _latest;

    /// <summary>The positions being tracked on this flow, if any.</summary>
    public static CommitPositions? Current => Tracking.Value;

    /// <summary>The furthest position a commit on this flow reached; null when nothing was committed.</summary>
    public NpgsqlLogSequenceNumber? Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    /// <summary>Starts tracking for the rest of this flow (and the flows it starts).</summary>
    public static CommitPositions Track() => Tracking.Value = new CommitPositions();

    internal void Committed(NpgsqlLogSequenceNumber position)
    {
        lock (_gate)
        {
            if (_latest is not { } known || position > known)
            {
                _latest = position;
            }
        }
    }
}
