using System.Text.Json.Serialization;

namespace Serverless.Api.Authorizer;

/// <summary>
/// The event API Gateway sends a REQUEST authorizer (REST API): the method being called and the
/// request's headers. Header names arrive as the client wrote them, so lookups ignore case.
/// </summary>
public sealed class AuthorizerRequest
{
    [JsonPropertyName("type")]
    public string? Type { get; set; }

    /// <summary><c>arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}</c>.</summary>
    [JsonPropertyName("methodArn")]
    public string? MethodArn { get; set; }

    [JsonPropertyName("headers")]
    public Dictionary<string, string?>? Headers { get; set; }

    [JsonPropertyName("multiValueHeaders")]
    public Dictionary<string, List<string>?>? MultiValueHeaders { get; set; }

    /// <summary>
    /// Every value sent under <paramref name="name"/>: from <c>multiValueHeaders</c> when present (so a
    /// header sent twice is seen twice), else from <c>headers</c>.
    /// </summary>
    public IReadOnlyList<string> HeaderValues(string name)
    {
        var many = MultiValueHeaders?.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase))
            .SelectMany(h => h.Value ?? []).ToList();
        if (many is { Count: > 0 })
        {
            return many;
        }
        return Headers?.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase) && h.Value is not null)
            .Select(h => h.Value!).ToList() ?? [];
    }
}
