using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Serverless.Contract.Tests.Support;

/// <summary>
/// Parameter Store's GetParameter (AWS JSON 1.1). A plain parameter the stacks create answers with its
/// value as rendered from the template (e.g. the distribution id the Edge stack writes); every other
/// name (the secret references) with one stand-in secret that has every field the platform's readers
/// look for, so the hosts' start-up secret resolution runs for real.
/// </summary>
public sealed class FakeSsm : IAsyncDisposable
{
    public const string StandIn = """{"username":"serverless_app","password":"stand-in","token":"stand-in","key":"stand-in-key-0123456789abcdef0123","apiKey":"stand-in","secret":"stand-in-origin-verify-0123456789"}""";

    private readonly WebApplication _app;

    public ConcurrentBag<string> Read { get; } = [];

    public string Url { get; }

    private FakeSsm(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public static async Task<FakeSsm> StartAsync(IReadOnlyDictionary<string, string>? parameters = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeSsm? fake = null;
        app.MapPost("/", async (HttpContext context) =>
        {
            using var request = await JsonDocument.ParseAsync(context.Request.Body);
            var name = request.RootElement.GetProperty("Name").GetString()!;
            fake!.Read.Add(name);
            context.Response.ContentType = "application/x-amz-json-1.1";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["Parameter"] = new Dictionary<string, object> { ["Name"] = name, ["Type"] = "SecureString", ["Value"] = parameters?.GetValueOrDefault(name) ?? StandIn, ["Version"] = 1 },
            }));
        });
        await app.StartAsync();
        fake = new FakeSsm(app, app.Urls.First());
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
