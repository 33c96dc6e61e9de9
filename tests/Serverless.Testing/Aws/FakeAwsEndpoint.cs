using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Serverless.Testing.Aws;

/// <summary>
/// A stand-in for an AWS HTTPS API on a loopback port. Like AWS, it checks every request's SigV4
/// signature (with <see cref="SigV4Reference"/>, for the known test credentials) and answers 403
/// <c>SignatureDoesNotMatch</c> when it is wrong; a signed request goes to the test's handler.
/// </summary>
public sealed class FakeAwsEndpoint : IAsyncDisposable
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public const string SessionToken = "session-token-of-the-function-role";

    private readonly WebApplication _app;

    public FakeAwsEndpoint(string region, string service, Func<ReceivedRequest, (int Status, string ContentType, string Body)> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            var received = new ReceivedRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? "", headers, buffer.ToArray());
            Received.Enqueue(received);
            var problem = SigV4Reference.Verify(AccessKey, SecretKey, region, service, received.Method, received.Path, received.Query, headers, received.Body);
            var (status, type, body) = problem is null
                ? handler(received)
                : (403, "text/xml", $"<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code><Message>{problem}</Message></Error></ErrorResponse>");
            if (problem is not null)
            {
                SignatureFailures.Enqueue(problem);
            }
            context.Response.StatusCode = status;
            context.Response.ContentType = type;
            await context.Response.WriteAsync(body);
        });
        _app.StartAsync().GetAwaiter().GetResult();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string Url { get; }

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public ConcurrentQueue<string> SignatureFailures { get; } = new();

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
