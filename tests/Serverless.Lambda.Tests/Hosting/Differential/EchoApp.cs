using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;

namespace Serverless.Lambda.Tests.Hosting.Differential;

/// <summary>
/// The one pipeline both servers run: record the view, then answer with headers and a body derived from
/// the request (echoed header values, two cookies, a comma-bearing date, the body bytes back).
/// </summary>
public static class EchoApp
{
    /// <summary>Real response compression (gzip and Brotli), also on https, which is the scheme behind API Gateway.</summary>
    public static void AddServices(IServiceCollection services) => services.AddResponseCompression(o =>
    {
        o.EnableForHttps = true;
        o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["text/csv"]);
    });

    public static void Configure(WebApplication app, ViewRecorder recorder)
    {
        app.UsePathBase("/" + GeneratedRequest.Stage);
        // Binary answers from real middleware: a CSV export the compression middleware gzips or Brotli-encodes
        // when asked, and an image, which is never text.
        app.Map("/d/export", export =>
        {
            export.UseResponseCompression();
            export.Run(async context =>
            {
                var rows = int.Parse(context.Request.Query["rows"].ToString(), CultureInfo.InvariantCulture);
                context.Response.ContentType = "text/csv; charset=utf-8";
                context.Response.Headers.ContentDisposition = "attachment; filename=\"export.csv\"";
                var csv = new StringBuilder("id,title,score\n");
                for (var i = 0; i < rows; i++)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{i},\"Título {i} — «quoted»\",{i * 7 % 101}\n");
                }

                await context.Response.WriteAsync(csv.ToString());
            });
        });
        app.Map("/d/image", image => image.Run(async context =>
        {
            context.Response.ContentType = "image/png";
            var bytes = new byte[4096];
            new Random(int.Parse(context.Request.Query["seed"].ToString(), CultureInfo.InvariantCulture)).NextBytes(bytes);
            ReadOnlySpan<byte> signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
            signature.CopyTo(bytes);
            await context.Response.Body.WriteAsync(bytes);
        }));
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
