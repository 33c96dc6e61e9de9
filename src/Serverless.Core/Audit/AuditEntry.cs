namespace Serverless.Core.Audit;

public sealed record AuditEntry(
    Guid Id, string Actor, string Action, string EntityType, Guid EntityId,
    string? BeforeHash, string? AfterHash, string? RequestId, DateTimeOffset CreatedAt);
