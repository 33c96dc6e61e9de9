using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Serverless.Lambda.ApiGateway;

/// <summary>Payload 2.0 (HTTP API) into an ASP.NET Core request.</summary>
public static class HttpApiRequestTranslator
{
    public static GatewayRequest Translate(HttpApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = request.RequestContext;
        var fullPath = string.IsNullOrEmpty(request.RawPath) ? "/" : request.RawPath;
        if (fullPath[0] != '/')
        {
            throw new MalformedEventException(PayloadFormat.V2, "The event's rawPath does not start with '/'.");
        }

        var (pathBase, path) = SplitStage(fullPath, context?.Stage);
        var query = string.IsNullOrEmpty(request.RawQueryString) ? string.Empty : "?" + request.RawQueryString;

        return new GatewayRequest
        {
            Method = context?.Http?.Method ?? "GET",
            // rawPath arrives as the client encoded it (AWS's own fixtures and Function URLs show escapes such as
            // %2D): decoded exactly once, the way Kestrel decodes a request target, %2F kept.
            PathBase = PathDecoder.Decode(pathBase),
            Path = PathDecoder.Decode(path),
            QueryString = query,
            RawTarget = fullPath + query,
            Headers = RestApiRequestTranslator.WithHost(Headers(request), context?.DomainName),
            Body = RestApiRequestTranslator.Body(request.Body, request.IsBase64Encoded),
            RemoteIpAddress = IPAddress.TryParse(context?.Http?.SourceIp, out var ip) ? ip : null,
            RequestId = context?.RequestId,
            Authorizer = new ApiGatewayAuthorizerFeature(AuthorizerClaims.Read(context?.Authorizer)),
            Gateway = new ApiGatewayRequestFeature(PayloadFormat.V2, context?.RequestId, context?.Stage, null, context?.DomainName, context?.ApiId),
        };
    }

    /// <summary>On a named stage the stage is the first segment of rawPath; <c>$default</c> has none.</summary>
    private static (string PathBase, string Path) SplitStage(string fullPath, string? stage)
    {
        if (string.IsNullOrEmpty(stage) || stage == "$default")
        {
            return (string.Empty, fullPath);
        }

        var prefix = "/" + stage;
        if (fullPath == prefix)
        {
            return (prefix, "/");
        }

        return fullPath.StartsWith(prefix + "/", StringComparison.Ordinal)
            ? (prefix, fullPath[prefix.Length..])
            : (string.Empty, fullPath);
    }

    private static HeaderDictionary Headers(HttpApiRequest request)
    {
        var headers = new HeaderDictionary();
        foreach (var (name, value) in request.Headers ?? [])
        {
            // Kept whole: splitting on commas would break Date, User-Agent and quoted values.
            headers[name] = value ?? string.Empty;
        }

        if (request.Cookies is { Count: > 0 } cookies)
        {
            headers[HeaderNames.Cookie] = string.Join("; ", cookies);
        }

        return headers;
    }
}
