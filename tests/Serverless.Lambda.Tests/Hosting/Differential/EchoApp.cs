using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Serverless.Lambda.Tests.Hosting.Differential;

/// <summary>
/// The one pipeline both servers run: record the view, then answer with headers and a body derived from
/// the request (echoed header values, two cookies, a comma-bearing date, the body bytes back).
/// </summary>
public static class EchoApp
{
    public static void Configure(WebApplication app, ViewRecorder recorder)
    {
        app.UsePathBase("/" + GeneratedRequest.Stage);
        app.Run(async context =>
        {
            var request = context.Request;
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            recorder.Record(request.Headers["x-probe"].ToString(), new RequestView(
                request.Method,
                request.PathBase.Value ?? string.Empty,
                request.Path.Value ?? string.Empty,
                new(request.Query.ToDictionary(q => q.Key, q => q.Value.ToArray()), StringComparer.Ordinal),
                new(request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToArray()), StringComparer.Ordinal),
                Convert.ToBase64String(body),
                context.Connection.RemoteIpAddress?.ToString()));

            var response = context.Response;
            response.StatusCode = int.Parse(request.Headers["x-status"].ToString(), CultureInfo.InvariantCulture);
            foreach (var (name, values) in request.Headers.Where(h => h.Key.StartsWith("x-h-", StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var value in values)
                {
                    response.Headers.Append("x-r-" + name[4..], value);
                }
            }

            if (request.Headers.ContainsKey("Cookie"))
            {
                response.Headers.Append("Set-Cookie", "r1=1; Path=/");
                response.Headers.Append("Set-Cookie", "r2=2; Expires=Wed, 26 Nov 2026 10:00:00 GMT");
            }

            response.Headers.LastModified = "Tue, 25 Nov 2026 10:00:00 GMT";
            if (request.Headers.ContainsKey("x-compress"))
            {
                response.Headers.ContentEncoding = "gzip";
            }

            if (request.ContentType is { } contentType)
            {
                response.ContentType = contentType;
            }

            await response.Body.WriteAsync(body);
        });
    }
}
