namespace Serverless.Core.Audit;

/// <summary>Who is changing things (an API key, a person, a job) and under which request id.</summary>
public sealed record AuditActor(string Actor, string? RequestId);
