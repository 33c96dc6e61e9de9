using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Lambda.Hosting;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.Hosting;

public sealed class LambdaServerTests
{
    [Fact]
    public void Outside_Lambda_the_call_changes_nothing_and_Kestrel_stays_the_server()
    {
        Assert.Null(Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.UseLambdaWhenPresent();

        using var app = builder.Build();

        Assert.Contains("Kestrel", app.Services.GetRequiredService<IServer>().GetType().Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unhandled_exception_becomes_a_500_problem_without_details_and_the_next_invocation_is_served()
    {
        await using var host = await LambdaTestHost.StartAsync(_ => { }, app =>
        {
            app.MapGet("/throw", string () => throw new InvalidOperationException("secret detail"));
            app.MapGet("/ok", () => "fine");
        });

        var failed = await host.Emulator.InvokeAsync(GatewayEvents.RestGet("/throw", "req-throw"));
        var next = await host.Emulator.InvokeAsync(GatewayEvents.RestGet("/ok"));

        Assert.False(failed.IsError);
        var response = GatewayEvents.Parse(failed.Body);
        Assert.Equal(500, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/problem+json", response.GetProperty("multiValueHeaders").GetProperty("Content-Type")[0].GetString());
        var problem = JsonDocument.Parse(response.GetProperty("body").GetString()!).RootElement;
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.Equal("req-throw", problem.GetProperty("traceId").GetString());
        Assert.DoesNotContain("secret", failed.BodyText, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", failed.BodyText, StringComparison.Ordinal);
        Assert.Equal("fine", GatewayEvents.Parse(next.Body).GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_malformed_event_is_reported_as_an_invocation_error()
    {
        await using var host = await LambdaTestHost.StartAsync(_ => { }, _ => { });

        var outcome = await host.Emulator.InvokeAsync("[1,2,3]");

        Assert.True(outcome.IsError);
        Assert.Equal("JsonException", outcome.ErrorType);
    }

    [Fact]
    public async Task Each_request_gets_its_own_DI_scope_and_the_gateway_request_id_as_trace_identifier()
    {
        await using var host = await LambdaTestHost.StartAsync(
            b => b.Services.AddScoped<ScopedMarker>(),
            app => app.MapGet("/scope", (HttpContext context, ScopedMarker a, ScopedMarker b) =>
                $"{a.Id}|{b.Id}|{context.TraceIdentifier}|{context.GetLambdaInvocation()?.AwsRequestId}"));

        var first = await host.Emulator.InvokeAsync(GatewayEvents.RestGet("/scope", "gw-1"));
        var second = await host.Emulator.InvokeAsync(GatewayEvents.RestGet("/scope", "gw-2"));

        var one = GatewayEvents.Parse(first.Body).GetProperty("body").GetString()!.Split('|');
        var two = GatewayEvents.Parse(second.Body).GetProperty("body").GetString()!.Split('|');
        Assert.Equal(one[0], one[1]);
        Assert.NotEqual(one[0], two[0]);
        Assert.Equal("gw-1", one[2]);
        Assert.Equal("gw-2", two[2]);
        Assert.Equal(first.RequestId, one[3]);
    }

    [Fact]
    public async Task Authorizer_claims_are_carried_as_a_feature_and_the_user_stays_anonymous()
    {
        await using var host = await LambdaTestHost.StartAsync(_ => { }, app => app.MapGet("/me", (HttpContext context) =>
            $"{context.User.Identity?.IsAuthenticated}|{context.User.Identity?.Name}|{context.GetApiGatewayAuthorizer()?.Claims.Single(c => c.Type == "tenant").Value}|{context.GetApiGatewayRequest()?.ApiKeyId}"));
        var authorizer = new JsonObject { ["claims"] = new JsonObject { ["sub"] = "user-9", ["tenant"] = "tenant-x" } };

        var outcome = await host.Emulator.InvokeAsync(GatewayEvents.RestGet("/me", apiKeyId: "key-9", authorizer: authorizer));

        Assert.Equal("False||tenant-x|key-9", GatewayEvents.Parse(outcome.Body).GetProperty("body").GetString());
    }

    [Fact]
    public async Task Authorizer_claims_become_the_user_only_when_the_app_opts_in()
    {
        await using var host = await LambdaTestHost.StartAsync(
            _ => { },
            app => app.MapGet("/me", (HttpContext context) => $"{context.User.Identity?.IsAuthenticated}|{context.User.Identity?.Name}"),
            o => o.AuthorizerIsUser = true);
        var authorizer = new JsonObject { ["claims"] = new JsonObject { ["sub"] = "user-9" } };

        var outcome = await host.Emulator.InvokeAsync(GatewayEvents.RestGet("/me", authorizer: authorizer));

        Assert.Equal("True|user-9", GatewayEvents.Parse(outcome.Body).GetProperty("body").GetString());
    }

    [Fact]
    public async Task Metrics_are_written_as_EMF_at_the_end_of_each_invocation()
    {
        await using var host = await LambdaTestHost.StartAsync(_ => { }, app => app.MapGet("/ok", () => "fine"));

        await host.Emulator.InvokeAsync(GatewayEvents.RestGet("/ok"));

        Assert.Contains(host.Emf.Lines, line => line.Contains("\"ColdStart\":1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_body_without_a_content_length_header_gets_one()
    {
        await using var host = await LambdaTestHost.StartAsync(_ => { }, app => app.MapPost("/len", (HttpContext context) => $"{context.Request.ContentLength}"));
        var request = new JsonObject
        {
            ["version"] = "2.0",
            ["rawPath"] = "/len",
            ["body"] = "aGVsbG8=",
            ["isBase64Encoded"] = true,
            ["requestContext"] = new JsonObject { ["http"] = new JsonObject { ["method"] = "POST", ["sourceIp"] = "192.0.2.1" } },
        };

        var outcome = await host.Emulator.InvokeAsync(request.ToJsonString());

        Assert.Equal("5", GatewayEvents.Parse(outcome.Body).GetProperty("body").GetString());
    }

    [Fact]
    public async Task RequestAborted_fires_at_the_invocation_deadline()
    {
        await using var host = await LambdaTestHost.StartAsync(_ => { }, app => app.MapGet("/wait", async (HttpContext context) =>
        {
            var aborted = new TaskCompletionSource();
            using var registration = context.RequestAborted.Register(aborted.SetResult);
            await aborted.Task;
            return "aborted";
        }));

        var outcome = await host.Emulator.InvokeAsync(GatewayEvents.RestGet("/wait"), TimeSpan.FromSeconds(1));

        Assert.Equal("aborted", GatewayEvents.Parse(outcome.Body).GetProperty("body").GetString());
    }

    private sealed class ScopedMarker
    {
        public Guid Id { get; } = Guid.NewGuid();
    }
}
