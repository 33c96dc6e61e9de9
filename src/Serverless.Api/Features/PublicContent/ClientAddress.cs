using System.Net;
using Serverless.Api.Platform.OriginVerify;

namespace Serverless.Api.Features.PublicContent;

/// <summary>The end user's IP, for per-client rate limits.</summary>
public static class ClientAddress
{
    public static string Of(HttpContext http, bool trustCloudFront)
    {
        // CloudFront-Viewer-Address is "ip:port" (IPv6 unbracketed). Trusted only when this request proved it
        // came through CloudFront (the origin-verify header): otherwise a client could choose its own IP.
        if (trustCloudFront && OriginVerified.For(http) && http.Request.Headers["CloudFront-Viewer-Address"].ToString() is { Length: > 0 } viewer)
        {
            var colon = viewer.LastIndexOf(':');
            if (colon > 0 && IPAddress.TryParse(viewer.AsSpan(0, colon), out var ip))
            {
                return ip.ToString();
            }
        }
        return http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
    }
}
