namespace Serverless.Core.Audit;

/// <summary>
/// The actor of the current logical operation. It flows with the async call (like Activity.Current)
/// rather than through every store's signature, because the audit trigger must see it on every
/// tenant transaction, including ones written later by code that never heard of auditing.
/// The API sets it per request after authentication; the worker per job.
/// </summary>
public static class AuditContext
{
    private static readonly AsyncLocal<AuditActor?> CurrentActor = new();

    public static AuditActor? Current => CurrentActor.Value;

    public static Scope Begin(AuditActor actor)
    {
        var previous = CurrentActor.Value;
        CurrentActor.Value = actor;
        return new Scope(previous);
    }

    public readonly struct Scope(AuditActor? previous) : IDisposable
    {
        public void Dispose() => CurrentActor.Value = previous;
    }
}
