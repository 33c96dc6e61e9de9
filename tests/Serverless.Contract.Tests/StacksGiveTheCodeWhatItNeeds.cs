extern alias worker;

using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Aws.Permissions;
using Serverless.Contract.Tests.Support;
using Serverless.Infra.Config;

namespace Serverless.Contract.Tests;

/// <summary>
/// The contract between the stacks and the code. For every function of every synthesized template (both
/// environments, primary and secondary regions): build the real host (its unchanged Program.cs) from that
/// function's environment variables as Lambda would give them, with its secret references read from a
/// stand-in Parameter Store; run the same options validation the host runs at start-up; then take every
/// AWS call and connection its components declare (<see cref="IAwsNeeds"/>, next to the code that makes
/// them) and check each against the function's role policies and its VPC. A setting, a grant or a route
/// the stacks forget fails here, not in a deployment.
/// </summary>
public sealed class StacksGiveTheCodeWhatItNeeds
{
    private static readonly string Root = ConfigLoader.FindRepoRoot(AppContext.BaseDirectory);

    public static TheoryData<string, string, string> Functions() => Select(primary: true);

    /// <summary>
    /// The secondary regions' functions: only the API, which there must neither send jobs (no queue, no
    /// grant) nor relay the outbox (the database it reads is a replica).
    /// </summary>
    public static TheoryData<string, string, string> SecondaryFunctions() => Select(primary: false);

    [Theory]
    [MemberData(nameof(SecondaryFunctions))]
    public Task In_a_secondary_every_AWS_call_and_connection_is_allowed(string environment, string stack, string host) =>
        Every_AWS_call_and_connection_the_code_makes_is_allowed_by_the_functions_role_and_network(environment, stack, host);

    [Theory]
    [MemberData(nameof(SecondaryFunctions))]
    public Task In_a_secondary_the_host_starts_with_the_settings_its_function_is_given(string environment, string stack, string host) =>
        The_host_starts_with_the_settings_its_function_is_given(environment, stack, host);

    private static TheoryData<string, string, string> Select(bool primary)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var environment in new[] { "staging", "production" })
        {
            var config = ConfigLoader.Load(Path.Combine(Root, "infra", "config", environment + ".json"), Root);
            foreach (var region in config.AllRegions.Where(r => (r == config.Primary) == primary))
            {
                var stack = ResourceNames.Stack(config, "App", region.Region);
                data.Add(environment, stack, "api");
                data.Add(environment, stack, "authorizer");
                if (region == config.Primary)
                {
                    data.Add(environment, stack, "worker");
                }
            }
        }
        if (primary)
        {
            // The primary API as it is where it can reach CloudFront: told to invalidate, granted by the
            // Edge stack (another template), routed through the NAT gateway.
            var staging = ConfigLoader.Load(Path.Combine(Root, "infra", "config", "staging.json"), Root);
            data.Add("staging" + SynthesizedPlatform.WithNatSuffix, ResourceNames.Stack(staging, "App", staging.Primary.Region), "api");
        }
        return data;
    }

    private static Assembly ProgramOf(string host) => host switch
    {
        // The authorizer is the API's executable told to run its other host (Serverless__Host=authorizer).
        "api" or "authorizer" => typeof(Program).Assembly,
        "worker" => typeof(worker::Serverless.Worker.WorkerExtensions).Assembly,
        _ => throw new ArgumentOutOfRangeException(nameof(host), host, null),
    };

    private static async Task<(IHost Host, DeployedFunction Function, FakeSsm Ssm)> BuildAsync(string environment, string stack, string host)
    {
        DeployedEnvironmentOnly.ClearLocalSettings();
        var platform = SynthesizedPlatform.For(environment);
        var function = DeployedFunction.Find(platform, stack, host);
        var ssm = await FakeSsm.StartAsync(platform.Parameters(function.Scope.Region));
        var settings = new Dictionary<string, string>(function.Settings)
        {
            // What Lambda adds to every function's environment, and "Production" because nothing sets one.
            ["environment"] = "Production",
            ["AWS_REGION"] = function.Scope.Region,
            ["AWS_LAMBDA_FUNCTION_NAME"] = host,
            ["AWS_LAMBDA_FUNCTION_VERSION"] = "1",
            ["Lambda:RuntimeApi"] = "127.0.0.1:9",
            // The stand-in Parameter Store; and no emulator from the test machine's own environment.
            ["SL_SSM_URL"] = ssm.Url,
            ["SL_SQS_URL"] = "",
            ["SL_DYNAMODB_URL"] = "",
        };
        var built = HostCapture.Build(ProgramOf(host), settings.Select(s => $"--{s.Key}={s.Value}").ToArray());
        return (built, function, ssm);
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task The_host_starts_with_the_settings_its_function_is_given(string environment, string stack, string host)
    {
        var (built, _, ssm) = await BuildAsync(environment, stack, host);
        await using var _ = ssm;
        using var __ = built;

        var error = Record.Exception(() => built.Services.GetRequiredService<IStartupValidator>().Validate());

        Assert.True(error is null, $"{stack} {host}: start-up validation failed: {(error as OptionsValidationException)?.Message ?? error?.ToString()}");
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Every_AWS_call_and_connection_the_code_makes_is_allowed_by_the_functions_role_and_network(string environment, string stack, string host)
    {
        var (built, function, ssm) = await BuildAsync(environment, stack, host);
        await using var _ = ssm;
        using var __ = built;

        var needs = built.Services.GetServices<IAwsNeeds>().SelectMany(n => n.Needs(function.Scope)).Distinct().ToList();
        var missing = new List<string>();
        foreach (var need in needs)
        {
            if (need.Host is { } target)
            {
                if (function.WhyUnreachable(target) is { } why)
                {
                    missing.Add($"{need}: {why}");
                }
                continue;
            }
            string? resource;
            try
            {
                resource = function.Resolve(need.Resource!);
            }
            catch (InvalidOperationException e)
            {
                missing.Add($"{need}: {e.Message}");
                continue;
            }
            if (resource is not null && !function.Allows(need.Action!, resource))
            {
                missing.Add($"{need} (as deployed: {resource}): not allowed by {function}'s role");
            }
        }

        Assert.NotEmpty(needs);
        Assert.True(missing.Count == 0, $"{stack} {host}:\n  " + string.Join("\n  ", missing));
    }

    [Fact]
    public async Task The_worker_declares_what_the_relay_the_jobs_and_the_model_need()
    {
        var (built, function, ssm) = await BuildAsync("production", "Serverless-production-App-eu-central-1", "worker");
        await using var _ = ssm;
        using var __ = built;

        var actions = built.Services.GetServices<IAwsNeeds>().SelectMany(n => n.Needs(function.Scope)).Select(n => n.Action).ToHashSet();

        Assert.Superset(new HashSet<string?> { "sqs:SendMessage", "kms:GenerateDataKey", "sqs:ChangeMessageVisibility", "dynamodb:PutItem", "ssm:GetParameter", "secretsmanager:GetSecretValue", "bedrock:InvokeModel" }, actions);
        Assert.Contains(ssm.Read, r => r.EndsWith("/llm-api-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_authorizer_is_its_own_host_and_declares_only_reading_API_keys_over_the_control_plane()
    {
        var (built, function, ssm) = await BuildAsync("production", "Serverless-production-App-eu-central-1", "authorizer");
        await using var _ = ssm;
        using var __ = built;

        var needs = built.Services.GetServices<IAwsNeeds>().SelectMany(n => n.Needs(function.Scope)).Distinct().ToList();

        Assert.Single(built.Services.GetServices<IAwsNeeds>().OfType<Serverless.Api.Authorizer.AuthorizerNeeds>());
        Assert.Equal(["apigateway:GET"], needs.Where(n => n.Action is not null).Select(n => n.Action).Distinct());
        Assert.Contains(needs, n => n.Host == "apigateway.eu-central-1.amazonaws.com");
    }
}
