namespace Serverless.Lambda.ApiGateway;

/// <summary>Proxy response for payload 1.0.</summary>
public sealed class RestApiResponse
{
    public int StatusCode { get; init; }

    public Dictionary<string, List<string>> MultiValueHeaders { get; init; } = [];

    public string Body { get; init; } = string.Empty;

    public bool IsBase64Encoded { get; init; }
}
