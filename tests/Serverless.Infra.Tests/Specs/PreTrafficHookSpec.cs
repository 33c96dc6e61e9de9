using System.Diagnostics;
using System.Text.Json;
using Serverless.Infra.Constructs;

namespace Serverless.Infra.Tests.Specs;

/// <summary>
/// The hook's JavaScript, run under the local <c>node</c> with small stand-ins for the two SDK clients the
/// Lambda Node runtime bundles: what it invokes, with which event, and what it reports to CodeDeploy.
/// </summary>
public sealed class PreTrafficHookSpec
{
    private const string FakeLambda = """
        class InvokeCommand { constructor(input) { this.input = input; } }
        class LambdaClient {
          async send(command) {
            const payload = JSON.parse(Buffer.from(command.input.Payload).toString());
            globalThis.calls.push({ api: 'Invoke', target: command.input.FunctionName, method: payload.httpMethod, path: payload.path });
            const behaviour = JSON.parse(process.env.FAKE_INVOKE);
            if (behaviour.throws) { const e = new Error(behaviour.throws); e.name = 'AccessDeniedException'; throw e; }
            if (behaviour.functionError) { return { FunctionError: 'Unhandled', Payload: Buffer.from('{}') }; }
            return { Payload: Buffer.from(JSON.stringify({ statusCode: behaviour.statusCode, body: '{}' })) };
          }
        }
        module.exports = { LambdaClient, InvokeCommand };
        """;

    private const string FakeCodeDeploy = """
        class PutLifecycleEventHookExecutionStatusCommand { constructor(input) { this.input = input; } }
        class CodeDeployClient {
          async send(command) { globalThis.calls.push({ api: 'PutLifecycleEventHookExecutionStatus', ...command.input }); return {}; }
        }
        module.exports = { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand };
        """;

    private const string Harness = """
        globalThis.calls = [];
        require('./index.js').handler({ DeploymentId: 'd-123', LifecycleEventHookExecutionId: 'hook-456' })
          .then(result => console.log(JSON.stringify({ result, calls: globalThis.calls })))
          .catch(err => { console.error(err); process.exit(1); });
        """;

    private static async Task<JsonElement> RunAsync(string behaviour)
    {
        var dir = Directory.CreateTempSubdirectory("pre-traffic-hook-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "index.js"), PreTrafficHook.Source());
            File.WriteAllText(Path.Combine(dir, "harness.js"), Harness);
            foreach (var (module, source) in new[] { ("client-lambda", FakeLambda), ("client-codedeploy", FakeCodeDeploy) })
            {
                var moduleDir = Directory.CreateDirectory(Path.Combine(dir, "node_modules", "@aws-sdk", module)).FullName;
                File.WriteAllText(Path.Combine(moduleDir, "index.js"), source);
            }
            var start = new ProcessStartInfo("node", "harness.js")
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["FAKE_INVOKE"] = behaviour;
            start.Environment["TARGET_VERSION_ARN"] = "arn:aws:lambda:eu-central-1:111111111111:function:api:42";
            start.Environment["CHECK_PATH"] = "/health/ready";
            using var node = Process.Start(start)!;
            var output = await node.StandardOutput.ReadToEndAsync();
            var errors = await node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            Assert.True(node.ExitCode == 0, errors);
            // The hook logs one line of its own first; the harness's summary is the last line.
            return JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement.Clone();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static (string Status, string Deployment, string Hook) Reported(JsonElement run)
    {
        var report = run.GetProperty("calls").EnumerateArray().Single(c => c.GetProperty("api").GetString() == "PutLifecycleEventHookExecutionStatus");
        return (report.GetProperty("status").GetString()!, report.GetProperty("deploymentId").GetString()!, report.GetProperty("lifecycleEventHookExecutionId").GetString()!);
    }

    [Fact]
    public async Task A_ready_new_version_is_reported_Succeeded_for_this_deployment_and_hook()
    {
        var run = await RunAsync("""{"statusCode":200}""");

        var invoke = run.GetProperty("calls")[0];
        Assert.Equal("arn:aws:lambda:eu-central-1:111111111111:function:api:42", invoke.GetProperty("target").GetString());
        Assert.Equal("GET", invoke.GetProperty("method").GetString());
        Assert.Equal("/health/ready", invoke.GetProperty("path").GetString());
        Assert.Equal(("Succeeded", "d-123", "hook-456"), Reported(run));
    }

    [Theory]
    [InlineData("""{"statusCode":503}""")]
    [InlineData("""{"statusCode":500}""")]
    [InlineData("""{"functionError":true}""")]
    [InlineData("""{"throws":"not allowed"}""")]
    public async Task Anything_but_a_200_is_reported_Failed_so_no_traffic_moves(string behaviour)
    {
        var run = await RunAsync(behaviour);

        Assert.Equal("Failed", Reported(run).Status);
    }
}
