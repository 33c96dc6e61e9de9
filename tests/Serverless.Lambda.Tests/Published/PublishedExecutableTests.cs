using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Lambda.Tests.Emulator;
using Serverless.Lambda.Tests.Metrics;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.Published;

/// <summary>The Native AOT executable, driven through the Runtime API emulator exactly as Lambda would drive it.</summary>
[Collection(PublishedSampleCollection.Name)]
public sealed class PublishedExecutableTests(PublishedSampleFixture sample)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static JsonElement Response(InvocationOutcome outcome)
    {
        Assert.False(outcome.IsError, outcome.BodyText);
        return GatewayEvents.Parse(outcome.Body);
    }

    private static byte[] Body(JsonElement response)
    {
        var body = response.GetProperty("body").GetString() ?? string.Empty;
        return response.GetProperty("isBase64Encoded").GetBoolean() ? Convert.FromBase64String(body) : Encoding.UTF8.GetBytes(body);
    }

    private static JsonElement BodyJson(JsonElement response) => JsonDocument.Parse(Body(response)).RootElement.Clone();

    private static async Task<InvocationOutcome> InvokeAsync(RuntimeApiEmulator emulator, string payload, TimeSpan? timeout = null, string? traceId = null) =>
        await emulator.InvokeAsync(payload, timeout, traceId).WaitAsync(Patience);

    [Fact]
    public void Packaging_the_sample_Native_AOT_gives_no_trimming_or_AOT_warnings()
    {
        Assert.DoesNotContain("warning", sample.PublishLog, StringComparison.OrdinalIgnoreCase);
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "artifacts", "lambda", "test-sample.zip")));
    }

    [Fact]
    public async Task One_process_serves_many_invocations_of_both_payload_formats_correctly()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var function = FunctionProcess.Start(sample.Executable, emulator);

        for (var round = 0; round < 10; round++)
        {
            var hello = Response(await InvokeAsync(emulator, GatewayEvents.RestGet("/hello")));
            Assert.Equal(200, hello.GetProperty("statusCode").GetInt32());
            Assert.Equal("hello", hello.GetProperty("body").GetString());

            var query = BodyJson(Response(await InvokeAsync(emulator, RepositoryPaths.ReadEvent("rest-v1-get-repeated-query.json"))));
            Assert.Equal("/prod", query.GetProperty("pathBase").GetString());
            Assert.Equal(["a", "b"], query.GetProperty("query").GetProperty("tag").EnumerateArray().Select(v => v.GetString()));
            Assert.Equal(["a+b c&d=e"], query.GetProperty("query").GetProperty("q").EnumerateArray().Select(v => v.GetString()));
            Assert.Equal(["Tue, 25 Nov 2026 10:00:00 GMT"], query.GetProperty("headers").GetProperty("date").EnumerateArray().Select(v => v.GetString()));
            Assert.Equal("203.0.113.7", query.GetProperty("remoteIp").GetString());
            Assert.Equal("c6af9ac6-7b61-11e6-9a41-93e8deadbeef", query.GetProperty("traceIdentifier").GetString());

            var path = BodyJson(Response(await InvokeAsync(emulator, RepositoryPaths.ReadEvent("rest-v1-path-plus-and-encoded-slash.json"))));
            Assert.Equal("/echo/a+b/c%2Fd/café/x y", path.GetProperty("path").GetString());
            Assert.Equal("2001:db8::7", path.GetProperty("remoteIp").GetString());

            var upload = BodyJson(Response(await InvokeAsync(emulator, RepositoryPaths.ReadEvent("rest-v1-post-base64-binary.json"))));
            var sent = JsonDocument.Parse(RepositoryPaths.ReadEvent("rest-v1-post-base64-binary.json")).RootElement.GetProperty("body").GetString();
            Assert.Equal("POST", upload.GetProperty("method").GetString());
            Assert.Equal(sent, upload.GetProperty("bodyBase64").GetString());

            var v2 = BodyJson(Response(await InvokeAsync(emulator, RepositoryPaths.ReadEvent("http-v2-cookies.json"))));
            Assert.Equal(["session=abc; theme=dark"], v2.GetProperty("headers").GetProperty("cookie").EnumerateArray().Select(v => v.GetString()));
            Assert.Equal(["1", "2"], v2.GetProperty("query").GetProperty("x").EnumerateArray().Select(v => v.GetString()));
            Assert.Equal("/echo/v2 space+plus", v2.GetProperty("path").GetString());
        }

        Assert.False(function.HasExited);
    }

    [Fact]
    public async Task Binary_download_arrives_base64_and_byte_identical()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var function = FunctionProcess.Start(sample.Executable, emulator);

        var response = Response(await InvokeAsync(emulator, GatewayEvents.RestGet("/binary")));

        Assert.True(response.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal(Enumerable.Range(0, 256).Select(i => (byte)i), Body(response));
    }

    [Fact]
    public async Task Payload_2_0_response_puts_each_set_cookie_in_cookies_and_keeps_dates_whole()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var function = FunctionProcess.Start(sample.Executable, emulator);
        var request = new JsonObject
        {
            ["version"] = "2.0",
            ["rawPath"] = "/cookies",
            ["rawQueryString"] = string.Empty,
            ["requestContext"] = new JsonObject { ["stage"] = "$default", ["requestId"] = "v2-c", ["http"] = new JsonObject { ["method"] = "GET", ["sourceIp"] = "192.0.2.1" } },
        };

        var response = Response(await InvokeAsync(emulator, request.ToJsonString()));

        Assert.Equal(["session=abc; path=/", "theme=dark; path=/"], response.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("Tue, 25 Nov 2026 10:00:00 GMT", response.GetProperty("headers").GetProperty("Last-Modified").GetString());
        Assert.Equal("cookies set", response.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Unhandled_exception_gives_a_500_problem_and_the_process_keeps_serving()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var function = FunctionProcess.Start(sample.Executable, emulator);

        var failed = Response(await InvokeAsync(emulator, GatewayEvents.RestGet("/throw", "req-boom")));
        var after = Response(await InvokeAsync(emulator, GatewayEvents.RestGet("/hello")));

        Assert.Equal(500, failed.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/problem+json", failed.GetProperty("multiValueHeaders").GetProperty("Content-Type")[0].GetString());
        Assert.DoesNotContain("secret", failed.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Equal("req-boom", BodyJson(failed).GetProperty("traceId").GetString());
        Assert.Equal("hello", after.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Handler_errors_are_reported_to_the_error_endpoint_and_the_process_keeps_serving()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var function = FunctionProcess.Start(sample.Executable, emulator);

        var error = await InvokeAsync(emulator, "\"not an API Gateway event\"");
        var after = Response(await InvokeAsync(emulator, GatewayEvents.RestGet("/hello")));

        Assert.True(error.IsError);
        Assert.Equal("JsonException", error.ErrorType);
        var body = JsonDocument.Parse(error.Body).RootElement;
        Assert.Equal("JsonException", body.GetProperty("errorType").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("errorMessage").GetString()));
        Assert.Equal(JsonValueKind.Array, body.GetProperty("stackTrace").ValueKind);
        Assert.Equal("hello", after.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Response_too_large_is_answered_with_an_error_not_a_crash()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        emulator.MaxResponseBytes = 64 * 1024;
        using var function = FunctionProcess.Start(sample.Executable, emulator);

        var tooLarge = await InvokeAsync(emulator, GatewayEvents.RestGet("/big", query: new JsonObject { ["bytes"] = new JsonArray("200000") }));
        var after = Response(await InvokeAsync(emulator, GatewayEvents.RestGet("/hello")));

        Assert.True(tooLarge.IsError, tooLarge.BodyText);
        Assert.Equal("Function.ResponseSizeTooLarge", tooLarge.ErrorType);
        Assert.Equal("hello", after.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Handler_sees_the_deadline_trace_id_function_arn_api_key_id_and_claims()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var function = FunctionProcess.Start(sample.Executable, emulator);
        var traceId = RuntimeApiEmulator.NewTraceId();
        var authorizer = new JsonObject { ["claims"] = new JsonObject { ["sub"] = "user-7", ["scope"] = "drafts" } };

        var outcome = await InvokeAsync(emulator, GatewayEvents.RestGet("/context", "gw-ctx", "key-77", authorizer), TimeSpan.FromSeconds(20), traceId);

        var view = BodyJson(Response(outcome));
        Assert.Equal(outcome.RequestId, view.GetProperty("awsRequestId").GetString());
        Assert.InRange(view.GetProperty("remainingMs").GetInt64(), 1, 20_000);
        Assert.Equal(traceId, view.GetProperty("traceIdEnvironment").GetString());
        Assert.Equal(RuntimeApiEmulator.FunctionArn, view.GetProperty("functionArn").GetString());
        Assert.Equal("gw-ctx", view.GetProperty("traceIdentifier").GetString());
        Assert.Equal("key-77", view.GetProperty("apiKeyId").GetString());
        // The authorizer's claims arrive as data; they authenticate no one unless the app opts in.
        Assert.False(view.GetProperty("authenticated").GetBoolean());
        Assert.Equal("user-7", view.GetProperty("claims").GetProperty("sub").GetString());
        Assert.Equal(view.GetProperty("scopeId").GetString(), view.GetProperty("scopeIdAgain").GetString());
    }

    [Theory]
    [InlineData("http")]
    [InlineData("sqs")]
    public async Task Start_up_failure_is_posted_to_init_error_and_the_process_exits_non_zero(string mode)
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var function = FunctionProcess.Start(sample.Executable, emulator, new Dictionary<string, string> { ["SAMPLE_FAIL_AT_STARTUP"] = "1", ["SAMPLE_MODE"] = mode });

        using var wait = new CancellationTokenSource(Patience);
        var error = await emulator.WaitForInitErrorAsync(wait.Token);
        await function.WaitForExitAsync(Patience);

        Assert.StartsWith("Runtime.", error.ErrorType, StringComparison.Ordinal);
        Assert.Contains("fail at start-up", JsonDocument.Parse(error.Body).RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(0, function.ExitCode);
    }

    [Fact]
    public async Task Metrics_are_written_to_stdout_as_valid_EMF_with_a_cold_start_and_no_tenant_dimension()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var function = FunctionProcess.Start(sample.Executable, emulator);

        await InvokeAsync(emulator, GatewayEvents.RestGet("/metric"));
        await InvokeAsync(emulator, GatewayEvents.RestGet("/metric"));

        var documents = function.StandardOutput
            .Where(line => line.StartsWith('{') && line.Contains("\"_aws\"", StringComparison.Ordinal))
            .Select(EmfDocumentValidator.Validate)
            .ToList();
        Assert.Single(documents, d => d.TryGetProperty("ColdStart", out _));
        var hits = documents.Where(d => d.TryGetProperty("sample.hits", out _)).ToList();
        Assert.Equal(2, hits.Count);
        Assert.All(hits, d => Assert.False(d.TryGetProperty("tenant_id", out _)));
        Assert.Contains(documents, d => d.TryGetProperty("sample.latency", out var v) && v.GetArrayLength() == 2);
    }

    [Fact]
    public async Task As_an_SQS_worker_it_reports_partial_failures_fifo_groups_and_all_failed()
    {
        await using var emulator = await RuntimeApiEmulator.StartAsync();
        using var function = FunctionProcess.Start(sample.Executable, emulator, new Dictionary<string, string> { ["SAMPLE_MODE"] = "sqs" });
        var standard = RepositoryPaths.ReadEvent("sqs-standard-batch.json");

        var partial = await InvokeAsync(emulator, standard);
        var fifo = await InvokeAsync(emulator, RepositoryPaths.ReadEvent("sqs-fifo-two-groups.json"));
        var allFailed = await InvokeAsync(emulator, standard.Replace("\\\"ok\\\"", "\\\"fail\\\"", StringComparison.Ordinal));

        Assert.Equal("{\"batchItemFailures\":[{\"itemIdentifier\":\"m-0002\"},{\"itemIdentifier\":\"m-0004\"}]}", partial.BodyText);
        Assert.Equal("{\"batchItemFailures\":[{\"itemIdentifier\":\"a-0002\"},{\"itemIdentifier\":\"a-0003\"}]}", fifo.BodyText);
        Assert.True(allFailed.IsError);
        Assert.Equal("SqsBatchFailedException", allFailed.ErrorType);
        Assert.Contains(function.StandardOutput, line => line.Contains("\"ColdStart\":1", StringComparison.Ordinal));
    }
}
