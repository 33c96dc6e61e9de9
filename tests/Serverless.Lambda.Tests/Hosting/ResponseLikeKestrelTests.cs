using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.Hosting;

/// <summary>Response rules Kestrel enforces, checked on Kestrel and on the Lambda server with the same app.</summary>
public sealed class ResponseLikeKestrelTests
{
    [Fact]
    public async Task A_HEAD_response_carries_no_body_but_keeps_its_headers()
    {
        static void App(WebApplication app) => app.Run(async context =>
        {
            context.Response.ContentType = "text/plain";
            context.Response.Headers["x-seen"] = context.Request.Method;
            await context.Response.WriteAsync("a body HEAD must not carry");
        });
        await using var kestrel = await KestrelHost.StartAsync(App);
        await using var lambda = await LambdaTestHost.StartAsync(_ => { }, App);

        using var onKestrel = await kestrel.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/thing"));
        var rest = GatewayEvents.Parse((await lambda.Emulator.InvokeAsync(WithMethod(GatewayEvents.RestGet("/thing"), "HEAD"))).Body);
        var http = GatewayEvents.Parse((await lambda.Emulator.InvokeAsync(HttpEvent("HEAD", "/thing"))).Body);

        Assert.Empty(await onKestrel.Content.ReadAsByteArrayAsync());
        Assert.Equal("HEAD", onKestrel.Headers.GetValues("x-seen").Single());
        foreach (var response in new[] { rest, http })
        {
            Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
            Assert.Empty(GatewayEvents.Body(response));
            Assert.Equal("HEAD", GatewayEvents.Header(response, "x-seen"));
            Assert.Equal("text/plain", GatewayEvents.ContentType(response));
        }
    }

    [Fact]
    public async Task Setting_a_header_or_the_status_after_the_body_started_throws_as_on_Kestrel()
    {
        static void App(WebApplication app) => app.Run(async context =>
        {
            await context.Response.WriteAsync("started;");
            var outcome = new StringBuilder();
            try
            {
                context.Response.Headers["x-late"] = "1";
                outcome.Append("header kept;");
            }
            catch (InvalidOperationException)
            {
                outcome.Append("header threw;");
            }

            try
            {
                context.Response.StatusCode = 418;
                outcome.Append("status kept");
            }
            catch (InvalidOperationException)
            {
                outcome.Append("status threw");
            }

            await context.Response.WriteAsync(outcome.ToString());
        });
        await using var kestrel = await KestrelHost.StartAsync(App);
        await using var lambda = await LambdaTestHost.StartAsync(_ => { }, App);

        using var onKestrel = await kestrel.Client.GetAsync("/late");
        var onLambda = GatewayEvents.Parse((await lambda.Emulator.InvokeAsync(GatewayEvents.RestGet("/late"))).Body);

        Assert.Equal("started;header threw;status threw", await onKestrel.Content.ReadAsStringAsync());
        Assert.Equal("started;header threw;status threw", Encoding.UTF8.GetString(GatewayEvents.Body(onLambda)));
        Assert.Equal(200, onLambda.GetProperty("statusCode").GetInt32());
        Assert.Null(GatewayEvents.Header(onLambda, "x-late"));
    }

    [Fact]
    public async Task A_failing_OnCompleted_callback_does_not_fail_a_finished_response()
    {
        var completedRan = 0;
        await using var lambda = await LambdaTestHost.StartAsync(_ => { }, app => app.Run(async context =>
        {
            context.Response.OnCompleted(() => throw new InvalidOperationException("completion failed"));
            context.Response.OnCompleted(() =>
            {
                // Registered last, so it runs first: the failing one must not stop the others either.
                Interlocked.Increment(ref completedRan);
                return Task.CompletedTask;
            });
            await context.Response.WriteAsync("done");
        }));

        var first = await lambda.Emulator.InvokeAsync(GatewayEvents.RestGet("/done"));
        var second = await lambda.Emulator.InvokeAsync(GatewayEvents.RestGet("/done"));

        Assert.False(first.IsError, first.BodyText);
        Assert.Equal("done", Encoding.UTF8.GetString(GatewayEvents.Body(GatewayEvents.Parse(first.Body))));
        Assert.False(second.IsError, second.BodyText);
        Assert.Equal(2, completedRan);
    }

    [Fact]
    public async Task Without_a_Host_header_the_request_host_is_the_gateway_domain_name()
    {
        await using var lambda = await LambdaTestHost.StartAsync(_ => { }, app => app.Run(context => context.Response.WriteAsync(context.Request.GetDisplayUrl())));
        var rest = JsonNode.Parse(GatewayEvents.RestGet("/where"))!.AsObject();
        rest["multiValueHeaders"] = new JsonObject();
        rest["requestContext"]!["domainName"] = "abc123.execute-api.eu-west-1.amazonaws.com";
        var http = JsonNode.Parse(HttpEvent("GET", "/where"))!.AsObject();
        http["headers"] = new JsonObject();
        http["requestContext"]!["domainName"] = "def456.execute-api.eu-west-1.amazonaws.com";

        var onRest = GatewayEvents.Parse((await lambda.Emulator.InvokeAsync(rest.ToJsonString())).Body);
        var onHttp = GatewayEvents.Parse((await lambda.Emulator.InvokeAsync(http.ToJsonString())).Body);

        Assert.Equal("https://abc123.execute-api.eu-west-1.amazonaws.com/prod/where", Encoding.UTF8.GetString(GatewayEvents.Body(onRest)));
        Assert.Equal("https://def456.execute-api.eu-west-1.amazonaws.com/where", Encoding.UTF8.GetString(GatewayEvents.Body(onHttp)));
    }

    private static string WithMethod(string restEvent, string method)
    {
        var root = JsonNode.Parse(restEvent)!.AsObject();
        root["httpMethod"] = method;
        return root.ToJsonString();
    }

    private static string HttpEvent(string method, string path) => new JsonObject
    {
        ["version"] = "2.0",
        ["routeKey"] = "$default",
        ["rawPath"] = path,
        ["rawQueryString"] = "",
        ["headers"] = new JsonObject { ["host"] = "api.example.com" },
        ["requestContext"] = new JsonObject
        {
            ["stage"] = "$default",
            ["requestId"] = "v2-req",
            ["http"] = new JsonObject { ["method"] = method, ["path"] = path, ["sourceIp"] = "192.0.2.1" },
        },
        ["isBase64Encoded"] = false,
    }.ToJsonString();
}
