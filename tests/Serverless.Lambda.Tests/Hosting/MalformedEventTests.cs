using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.Hosting;

/// <summary>
/// An API Gateway event the request is at fault for gets an HTTP answer, 400 Problem Details, as Kestrel
/// answers a request it cannot parse; it is not a failed invocation (API Gateway would show a bare 502).
/// </summary>
public sealed class MalformedEventTests
{
    public static TheoryData<string, string> Malformed => new()
    {
        { "a REST path without a leading slash", Rest(e => e["path"] = "v1/content") },
        { "isBase64Encoded with a body that is not base64", Rest(e => { e["httpMethod"] = "POST"; e["body"] = "not base64 at all!"; e["isBase64Encoded"] = true; }) },
        { "version 2 as a number", Rest(e => e["version"] = 2) },
        { "an HTTP API body that is not base64", Http(e => { e["body"] = "%%%"; e["isBase64Encoded"] = true; }) },
        { "a header value that is not a string", Rest(e => e["headers"] = new JsonObject { ["x-n"] = 5 }) },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_API_Gateway_event_is_answered_400_Problem_Details(string what, string payload)
    {
        await using var host = await LambdaTestHost.StartAsync(_ => { }, app => app.Run(context => context.Response.WriteAsync("reached the app")));

        var outcome = await host.Emulator.InvokeAsync(payload);

        Assert.False(outcome.IsError, $"{what}: {outcome.BodyText}");
        var response = GatewayEvents.Parse(outcome.Body);
        Assert.Equal(400, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/problem+json", GatewayEvents.ContentType(response));
        var problem = JsonDocument.Parse(response.GetProperty("body").GetString()!).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("Exception", outcome.BodyText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rest-v1-malformed-path.json", "multiValueHeaders")]
    [InlineData("rest-v1-malformed-base64.json", "multiValueHeaders")]
    [InlineData("http-v2-version-number.json", "headers")]
    public async Task The_malformed_sample_events_are_answered_400_in_the_shape_their_sender_expects(string file, string headersProperty)
    {
        await using var host = await LambdaTestHost.StartAsync(_ => { }, app => app.Run(context => context.Response.WriteAsync("reached the app")));

        var outcome = await host.Emulator.InvokeAsync(RepositoryPaths.ReadEvent(file));

        Assert.False(outcome.IsError, outcome.BodyText);
        var response = GatewayEvents.Parse(outcome.Body);
        Assert.Equal(400, response.GetProperty("statusCode").GetInt32());
        Assert.True(response.TryGetProperty(headersProperty, out _), outcome.BodyText);
    }

    [Fact]
    public async Task Something_that_is_not_an_API_Gateway_event_at_all_is_still_an_invocation_error()
    {
        await using var host = await LambdaTestHost.StartAsync(_ => { }, _ => { });

        var outcome = await host.Emulator.InvokeAsync("\"just a string\"");

        Assert.True(outcome.IsError);
    }

    private static string Rest(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(GatewayEvents.RestGet("/v1/content"))!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    private static string Http(Action<JsonObject> change)
    {
        var root = new JsonObject
        {
            ["version"] = "2.0",
            ["rawPath"] = "/upload",
            ["requestContext"] = new JsonObject { ["http"] = new JsonObject { ["method"] = "POST", ["sourceIp"] = "192.0.2.1" } },
        };
        change(root);
        return root.ToJsonString();
    }
}
