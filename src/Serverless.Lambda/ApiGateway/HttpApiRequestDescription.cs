namespace Serverless.Lambda.ApiGateway;

/// <summary><c>requestContext.http</c> of payload 2.0.</summary>
public sealed class HttpApiRequestDescription
{
    public string? Method { get; init; }

    public string? Path { get; init; }

    public string? Protocol { get; init; }

    public string? SourceIp { get; init; }
}
