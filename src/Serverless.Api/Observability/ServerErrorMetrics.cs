using System.Diagnostics;
using System.Diagnostics.Metrics;
using Serverless.Core.Telemetry;

namespace Serverless.Api.Observability;

/// <summary>
/// Counts the 5xx answers the API gives. On Lambda an exception turned into a 500 Problem Details is a
/// successful invocation, so Lambda's own Errors metric never sees it; this counter, exported as EMF with
/// the function version as a dimension, is what a canary deployment rolls back on. Tags are bounded: the
/// version (one per deployed version) and the status code (500-599), never a tenant or a path.
/// </summary>
public sealed class ServerErrorMetrics
{
    public const string InstrumentName = "serverless.api.server_errors";
    public const string VersionTag = "faas.version";

    private readonly Counter<long> _serverErrors;
    private readonly string _version;

    public ServerErrorMetrics(IMeterFactory meters, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(configuration);
        // Lambda sets the version that runs; a qualified alias invocation runs a numbered one.
        _version = configuration["AWS_LAMBDA_FUNCTION_VERSION"] is { Length: > 0 } v ? v : "local";
        _serverErrors = meters.Create(CoreMetrics.MeterName).CreateCounter<long>(
            InstrumentName, "{response}", "Responses with a 5xx status, by the function version that answered.");
    }

    public void Record(int statusCode)
    {
        if (statusCode is >= 500 and <= 599)
        {
            _serverErrors.Add(1, new TagList { { VersionTag, _version }, { "http.response.status_code", statusCode } });
        }
    }
}
