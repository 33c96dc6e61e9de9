namespace Serverless.Lambda.SampleApi;

/// <summary>A scoped service: a new id per request proves the server opens a DI scope per request.</summary>
public sealed class RequestScope
{
    public Guid Id { get; } = Guid.NewGuid();
}
