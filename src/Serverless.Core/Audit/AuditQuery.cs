namespace Serverless.Core.Audit;

/// <summary>Filters for one page of a tenant's audit log, newest first, after <see cref="After"/>.</summary>
public sealed record AuditQuery(
    string? EntityType, Guid? EntityId, string? Actor, string? Action, DateTimeOffset? From, DateTimeOffset? To,
    int Limit, AuditPosition? After);

/// <summary>Where a page ended: the last entry's time and id (the id breaks ties).</summary>
public sealed record AuditPosition(DateTimeOffset CreatedAt, Guid Id);
