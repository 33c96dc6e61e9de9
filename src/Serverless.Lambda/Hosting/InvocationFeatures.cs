using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.Net.Http.Headers;
using Serverless.Lambda.ApiGateway;
using Serverless.Lambda.Runtime;

namespace Serverless.Lambda.Hosting;

/// <summary>The features a server hands to ASP.NET Core for one request, filled from the API Gateway event.</summary>
internal static class InvocationFeatures
{
    public static FeatureCollection Create(
        GatewayRequest request,
        LambdaInvocationContext invocation,
        LambdaResponseFeature response,
        bool authorizerIsUser,
        CancellationToken aborted)
    {
        if (request.Body.Length > 0 && !request.Headers.ContainsKey(HeaderNames.ContentLength))
        {
            // Payloads may omit it; readers that trust Content-Length (form parsing, size limits) need it.
            request.Headers[HeaderNames.ContentLength] = request.Body.Length.ToString(CultureInfo.InvariantCulture);
        }

        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(new HttpRequestFeature
        {
            Protocol = "HTTP/1.1",
            Scheme = "https",
            Method = request.Method,
            PathBase = request.PathBase,
            Path = request.Path,
            QueryString = request.QueryString,
            RawTarget = request.RawTarget,
            Headers = request.Headers,
            Body = new MemoryStream(request.Body, writable: false),
        });
        features.Set<IHttpRequestBodyDetectionFeature>(new RequestBodyDetection(request.Body.Length > 0));
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(response);
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            ConnectionId = invocation.AwsRequestId,
            RemoteIpAddress = request.RemoteIpAddress,
        });
        // HttpContext.TraceIdentifier comes from here: the API Gateway request id ties our logs to its access logs.
        features.Set<IHttpRequestIdentifierFeature>(new HttpRequestIdentifierFeature
        {
            TraceIdentifier = request.RequestId ?? invocation.AwsRequestId,
        });
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = aborted });
        // Anonymous unless the host opted in: authentication middleware then decides, from the request itself.
        if (authorizerIsUser)
        {
            features.Set<IHttpAuthenticationFeature>(new HttpAuthenticationFeature { User = AuthorizerClaims.ToPrincipal(request.Authorizer.Claims) });
        }
        features.Set<IApiGatewayAuthorizerFeature>(request.Authorizer);
        features.Set<ILambdaInvocationFeature>(new LambdaInvocationFeature(invocation));
        features.Set<IApiGatewayRequestFeature>(request.Gateway);
        return features;
    }
}
