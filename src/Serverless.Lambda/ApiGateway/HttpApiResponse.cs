namespace Serverless.Lambda.ApiGateway;

/// <summary>Proxy response for payload 2.0.</summary>
public sealed class HttpApiResponse
{
    public int StatusCode { get; init; }

    public Dictionary<string, string> Headers { get; init; } = [];

    public List<string>? Cookies { get; init; }

    public string Body { get; init; } = string.Empty;

    public bool IsBase64Encoded { get; init; }
}
