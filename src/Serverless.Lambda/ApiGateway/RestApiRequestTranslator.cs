using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Serverless.Lambda.ApiGateway;

/// <summary>Payload 1.0 (REST API proxy integration) into an ASP.NET Core request.</summary>
public static class RestApiRequestTranslator
{
    public static GatewayRequest Translate(RestApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.RequestContext;
        var rawPath = string.IsNullOrEmpty(request.Path) ? "/" : request.Path;
        if (rawPath[0] != '/')
        {
            // Kestrel answers 400 to a request target that is not an absolute path; so do we.
            throw new MalformedEventException(PayloadFormat.V1, "The event's path does not start with '/'.");
        }

        var rawPathBase = RawPathBase(rawPath, context);
        var query = QueryStringBuilder.Build(request.MultiValueQueryStringParameters, request.QueryStringParameters);
        // REST APIs send no version and keep the path encoded; HTTP APIs on payload 1.0 say "1.0" and
        // deliver it decoded, like rawPath in 2.0: decoding that again would be the double-decoding bug.
        var alreadyDecoded = request.Version == "1.0";
        Func<string, string> decode = alreadyDecoded ? p => p : PathDecoder.Decode;

        return new GatewayRequest
        {
            Method = request.HttpMethod ?? "GET",
            PathBase = decode(rawPathBase),
            Path = decode(rawPath),
            QueryString = query,
            RawTarget = (alreadyDecoded ? PathEncoder.Encode(rawPathBase + rawPath) : rawPathBase + rawPath) + query,
            Headers = WithHost(Headers(request), context?.DomainName),
            Body = Body(request.Body, request.IsBase64Encoded),
            RemoteIpAddress = IPAddress.TryParse(context?.Identity?.SourceIp, out var ip) ? ip : null,
            RequestId = context?.RequestId,
            Authorizer = new ApiGatewayAuthorizerFeature(AuthorizerClaims.Read(context?.Authorizer)),
            Gateway = new ApiGatewayRequestFeature(
                PayloadFormat.V1,
                context?.RequestId,
                context?.Stage,
                context?.Identity?.ApiKeyId,
                context?.DomainName,
                context?.ApiId),
        };
    }

    /// <summary>A request without a Host header (a direct invoke, a test console) is given the gateway's domain name, so URLs built from it stay absolute.</summary>
    internal static HeaderDictionary WithHost(HeaderDictionary headers, string? domainName)
    {
        if (!headers.ContainsKey(HeaderNames.Host) && !string.IsNullOrEmpty(domainName))
        {
            headers[HeaderNames.Host] = domainName;
        }

        return headers;
    }

    internal static byte[] Body(string? body, bool isBase64Encoded) =>
        string.IsNullOrEmpty(body) ? [] : isBase64Encoded ? Convert.FromBase64String(body) : Encoding.UTF8.GetBytes(body);

    /// <summary>
    /// <c>requestContext.path</c> is what the client used and <c>path</c> the part routed to us; the prefix
    /// between them is the stage (execute-api host) or nothing (custom domain), which ASP.NET calls PathBase.
    /// </summary>
    private static string RawPathBase(string rawPath, RestApiRequestContext? context)
    {
        var full = context?.Path;
        var stage = context?.Stage is { Length: > 0 } named && named != "$default" ? "/" + named : null;
        if (!string.IsNullOrEmpty(full))
        {
            if (full.Length > rawPath.Length && full.EndsWith(rawPath, StringComparison.Ordinal))
            {
                return full[..^rawPath.Length].TrimEnd('/');
            }

            // The two paths disagree (encoded differently?): trust the stage only if the client's path shows it.
            return stage is not null && full.StartsWith(stage + "/", StringComparison.Ordinal) ? stage : string.Empty;
        }

        return stage ?? string.Empty;
    }

    private static HeaderDictionary Headers(RestApiRequest request)
    {
        var headers = new HeaderDictionary();
        if (request.MultiValueHeaders is { Count: > 0 } multi)
        {
            foreach (var (name, values) in multi)
            {
                // Each array item is one header line; a comma inside a value (Date, User-Agent) is not a separator.
                var items = (values ?? []).Select(v => v ?? string.Empty).ToArray();
                headers[name] = Microsoft.Extensions.Primitives.StringValues.Concat(headers[name], items);
            }
        }
        else if (request.Headers is { Count: > 0 } single)
        {
            foreach (var (name, value) in single)
            {
                headers[name] = value ?? string.Empty;
            }
        }

        return headers;
    }
}
