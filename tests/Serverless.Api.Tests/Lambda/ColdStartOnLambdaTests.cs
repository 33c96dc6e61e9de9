using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Lambda.Tests.Emulator;
using Serverless.Testing;

namespace Serverless.Api.Tests.Lambda;

/// <summary>
/// What a cold start on Lambda puts off (docs/lambda.md, "Cold-start benchmark") still happens, and what it
/// must not put off still fails the start-up: the first invocation is answered before the background services
/// (key-use notes, the outbox relay, the invalidation bus, the lag monitor) start, and they run after it;
/// metrics leave as EMF, so no Prometheus endpoint is served; a deployed function's missing OIDC authority
/// still stops the start-up before the first event is taken.
/// </summary>
public sealed class ColdStartOnLambdaTests(ApiOnLambdaHost lambda) : IClassFixture<ApiOnLambdaHost>
{
    [Fact]
    public async Task Background_work_still_runs_on_Lambda_once_the_first_invocation_is_answered()
    {
        var tenant = await lambda.Db.Seeder.TenantWithKeyAsync();
        await lambda.Db.Database.WaitForReplicaAsync();

        var live = await lambda.Emulator.InvokeAsync(Get("/health/live"));
        var content = await lambda.Emulator.InvokeAsync(Get("/v1/content", tenant.ApiKey));

        Assert.Equal(200, StatusOf(live));
        Assert.Equal(200, StatusOf(content));
        // ApiKeyUseRecorder, started after the first invocation, notes the key's use on the primary.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await lambda.Db.Seeder.Keys.ListAsync(tenant.Tenant.Id, default)).Single().LastUsedAt is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "the key's use was never noted");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task On_Lambda_metrics_leave_as_EMF_and_no_Prometheus_endpoint_is_served()
    {
        var metrics = await lambda.Emulator.InvokeAsync(Get("/metrics"));

        Assert.Equal(404, StatusOf(metrics));
    }

    [Fact]
    public async Task A_missing_OIDC_authority_still_fails_the_start_up_before_the_first_event_is_taken()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        var pending = emulator.InvokeAsync(Get("/health/live"));
        string[] args =
        [
            "--environment=Production",
            $"--contentRoot={Path.Combine(ApiOnLambdaHost.RepositoryRoot(), "src", "Serverless.Api")}",
            $"--Lambda:RuntimeApi={emulator.Address}",
            "--Lambda:ReportStartupFailures=false",
            "--Database:Primary=Host=127.0.0.1;Port=9;Username=u;Database=d",
            "--Database:Replica=Host=127.0.0.1;Port=9;Username=u;Database=d",
            "--Redis:Configuration=127.0.0.1:9",
            $"--Region:ConsistencyKey={Convert.ToBase64String(new byte[32])}",
            "--Jwt:Issuer=https://issuer",
            "--Jwt:Audience=serverless-api",
            "--Jwt:SigningKey=",
            "--Jwt:Authority=",
            "--Logging:LogLevel:Default=None",
        ];
        var entry = typeof(Program).Assembly.EntryPoint!;

        var failure = await Record.ExceptionAsync(() => (Task)entry.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [args], null)!);

        Assert.NotNull(failure);
        Assert.Contains("Jwt:Authority", failure.ToString(), StringComparison.Ordinal);
        // The host never started its server: the queued event was never taken.
        Assert.False(pending.IsCompleted);
    }

    private static int StatusOf(InvocationOutcome outcome)
    {
        Assert.False(outcome.IsError, outcome.BodyText);
        return JsonDocument.Parse(outcome.Body).RootElement.GetProperty("statusCode").GetInt32();
    }

    private static string Get(string path, string? apiKey = null)
    {
        var headers = new JsonObject { ["Host"] = new JsonArray("api.example.com"), ["Accept"] = new JsonArray("application/json") };
        if (apiKey is not null)
        {
            headers["X-Api-Key"] = new JsonArray(apiKey);
        }
        return new JsonObject
        {
            ["resource"] = "/{proxy+}",
            ["path"] = path,
            ["httpMethod"] = "GET",
            ["multiValueHeaders"] = headers,
            ["requestContext"] = new JsonObject
            {
                ["path"] = "/prod" + path,
                ["stage"] = "prod",
                ["requestId"] = "cold-" + Guid.NewGuid().ToString("N")[..8],
                ["identity"] = new JsonObject { ["sourceIp"] = "198.51.100.7" },
            },
            ["isBase64Encoded"] = false,
        }.ToJsonString();
    }
}
