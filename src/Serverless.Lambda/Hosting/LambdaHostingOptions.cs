using Microsoft.Extensions.Configuration;

namespace Serverless.Lambda.Hosting;

/// <summary>Settings of the Lambda host; bound from the <c>Lambda</c> configuration section.</summary>
public sealed class LambdaHostingOptions
{
    public const string Section = "Lambda";

    /// <summary>The Runtime API (<see cref="Runtime.LambdaEnvironment.RuntimeApiFrom"/>) and <c>Lambda:ReportStartupFailures</c>, read without the reflection binder.</summary>
    public static LambdaHostingOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(Section);
        return new LambdaHostingOptions
        {
            RuntimeApi = Runtime.LambdaEnvironment.RuntimeApiFrom(configuration),
            ReportStartupFailures = !bool.TryParse(section["ReportStartupFailures"], out var report) || report,
        };
    }

    /// <summary>host:port of the Runtime API. Defaults to AWS_LAMBDA_RUNTIME_API; tests point it at an emulator.</summary>
    public string? RuntimeApi { get; set; }

    /// <summary>Report a crash before the first invocation to /runtime/init/error and exit 1 (off only in tests that share a process).</summary>
    public bool ReportStartupFailures { get; set; } = true;

    /// <summary>
    /// Make the API Gateway authorizer's claims the authenticated <c>HttpContext.User</c>. Off by default:
    /// the claims are always available as <see cref="ApiGateway.IApiGatewayAuthorizerFeature"/>, and an app
    /// that validates its own credentials (as Serverless.Api does) must not have a user handed to it. Turn
    /// on only when the authorizer is the sole way in and the app checks nothing itself.
    /// </summary>
    public bool AuthorizerIsUser { get; set; }

    /// <summary>
    /// Response media types always sent base64-encoded ("image/*" wildcards allowed). Unknown and
    /// non-UTF-8 bodies are base64 anyway; this list is for types that look like text but are not.
    /// </summary>
    public IList<string> BinaryMediaTypes { get; } =
    [
        "application/octet-stream", "application/pdf", "application/zip", "application/gzip",
        "application/wasm", "image/*", "audio/*", "video/*", "font/*",
    ];
}
