using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Options;
using Serverless.Api.Auth;
using Serverless.Api.Observability;
using Serverless.Aws.Gateway;
using Serverless.Aws.Permissions;
using Serverless.Aws.Signing;
using Serverless.Core.Configuration;
using Serverless.Lambda.Hosting;

namespace Serverless.Api.Authorizer;

/// <summary>
/// The same executable as the API, started as the API Gateway authorizer when <c>Serverless__Host</c> is
/// <c>authorizer</c>: a small generic host with no database, cache or queue, so the function needs no VPC
/// and starts quickly; the token rules are the API's own code, not a copy.
/// </summary>
public static class AuthorizerHost
{
    public const string HostVariable = "Serverless__Host";
    public const string HostName = "authorizer";

    /// <summary>From the environment (Lambda) or the command line (tests), as the host's own configuration would read it.</summary>
    public static bool IsRequested(string[] args)
    {
        var settings = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        return string.Equals(settings["Serverless:Host"], HostName, StringComparison.OrdinalIgnoreCase);
    }

    public static async Task RunAsync(string[] args)
    {
        using var host = CreateBuilder(args).Build();
        await host.RunAsync();
    }

    /// <summary>The authorizer's host; <paramref name="credentials"/> replace the default chain (tests).</summary>
    public static HostApplicationBuilder CreateBuilder(string[] args, AWSCredentials? credentials = null)
    {
        var builder = Host.CreateApplicationBuilder(args);
        var services = builder.Services;
        services.AddClosedOptions<JwtOptions>()
            .BindConfiguration(JwtOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Issuer) && !string.IsNullOrWhiteSpace(o.Audience) && !string.IsNullOrWhiteSpace(o.Authority),
                "The authorizer needs Jwt:Authority (the OIDC issuer), Jwt:Issuer and Jwt:Audience, as the API does in AWS.")
            .Validate(o => string.IsNullOrWhiteSpace(o.SigningKey), "The authorizer never trusts a shared signing key: remove Jwt:SigningKey.")
            .ValidateOnStart();
        services.AddClosedOptions<AuthorizerOptions>()
            .BindConfiguration(AuthorizerOptions.Section)
            .PostConfigure(o => o.Region ??= builder.Configuration["AWS_REGION"])
            .Validate(o => !string.IsNullOrWhiteSpace(o.Region), "Authorizer:Region (or AWS_REGION) is required.")
            .Validate(o => o.GatewayUrl is null || Uri.TryCreate(o.GatewayUrl, UriKind.Absolute, out _), "Authorizer:GatewayUrl must be an absolute URL.")
            .Validate(o => o.KeyCacheSeconds is >= 0 and <= 300, "Authorizer:KeyCacheSeconds must be 0 to 300.")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddHttpClient(nameof(PeopleTokenValidator), c => c.Timeout = TimeSpan.FromSeconds(5));
        services.AddHttpClient(ApiGatewayClient.Service, c => c.Timeout = TimeSpan.FromSeconds(5));
        services.AddSingleton(sp => new PeopleTokenValidator(
            sp.GetRequiredService<IOptions<JwtOptions>>(),
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(PeopleTokenValidator))));
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<AuthorizerOptions>>().Value;
            return new ApiGatewayClient(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(ApiGatewayClient.Service),
                new SigV4Signer(credentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials(), sp.GetRequiredService<TimeProvider>()),
                o.Region!,
                o.GatewayUrl is null ? ApiGatewayClient.EndpointFor(o.Region!) : new Uri(o.GatewayUrl));
        });
        services.AddSingleton<TenantUsageKeys>();
        services.AddSingleton<ServerErrorMetrics>();
        services.AddSingleton<JwtAuthorizer>();
        services.AddSingleton<IAwsNeeds, AuthorizerNeeds>();
        builder.UseLambdaFunctionWhenPresent<JwtAuthorizer>();
        return builder;
    }
}
