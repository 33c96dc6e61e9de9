using Serverless.Core.Audit;

namespace Serverless.Api.Features.Audit;

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, string? NextCursor);
