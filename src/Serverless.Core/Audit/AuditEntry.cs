using System.Text.Json;

namespace Serverless.Core.Audit;

/// <param name="Changes">For changes recorded with their content (tenant settings): <c>version</c>, <c>before</c> and
/// <c>after</c> of the part that changed. Other entries carry only the row hashes.</param>
public sealed record AuditEntry(
    Guid Id, string Actor, string Action, string EntityType, Guid EntityId,
    string? BeforeHash, string? AfterHash, string? RequestId, DateTimeOffset CreatedAt, JsonElement? Changes = null);
