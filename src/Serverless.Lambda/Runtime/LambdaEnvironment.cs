using Microsoft.Extensions.Configuration;

namespace Serverless.Lambda.Runtime;

/// <summary>Names of the environment variables the Lambda custom runtime contract defines.</summary>
public static class LambdaEnvironment
{
    /// <summary>host:port of the Runtime API; set only when running inside Lambda.</summary>
    public const string RuntimeApi = "AWS_LAMBDA_RUNTIME_API";

    /// <summary>X-Ray trace header of the current invocation; the AWS SDK and OpenTelemetry read it from here.</summary>
    public const string TraceId = "_X_AMZN_TRACE_ID";

    public const string FunctionName = "AWS_LAMBDA_FUNCTION_NAME";

    public static string? RuntimeApiAddress => Environment.GetEnvironmentVariable(RuntimeApi) is { Length: > 0 } value ? value : null;

    /// <summary>
    /// The Runtime API to serve from: <c>Lambda:RuntimeApi</c> (tests point it at an emulator), else
    /// <c>AWS_LAMBDA_RUNTIME_API</c>; null when not on Lambda.
    /// </summary>
    public static string? RuntimeApiFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration["Lambda:RuntimeApi"] is { Length: > 0 } configured ? configured : RuntimeApiAddress;
    }

    /// <summary>
    /// The one answer to "am I on Lambda?": a Runtime API to serve from, or either variable Lambda sets in
    /// every function (in the environment or the configuration). Hosts choose their loop by it, and the
    /// API refuses development settings by it.
    /// </summary>
    public static bool IsLambda(IConfiguration configuration) =>
        RuntimeApiFrom(configuration) is not null
        || new[] { RuntimeApi, FunctionName }.Any(name =>
            !string.IsNullOrEmpty(configuration[name]) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)));
}
