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
}
