using Amazon.CDK.AWS.SNS;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

public sealed record ServiceFunctionProps
{
    public required PlatformConfig Config { get; init; }
    public required Network Network { get; init; }

    /// <summary>The zip holding the Native AOT "bootstrap" executable.</summary>
    public required string Artifact { get; init; }

    /// <summary>"api" or "worker": the same kind of executable, told which host to run.</summary>
    public required string Host { get; init; }

    public required int MemoryMb { get; init; }
    public required int TimeoutSeconds { get; init; }
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
    public required ITopic AlarmTopic { get; init; }

    /// <summary>An HTTP path the new version must answer 200 before CodeDeploy shifts traffic (the API's readiness).</summary>
    public string? PreTrafficCheckPath { get; init; }

    /// <summary>
    /// Run outside the VPC: for a function that touches no database or cache and calls an AWS API no VPC
    /// endpoint serves (API Gateway's control plane), which the isolated subnets could not reach.
    /// </summary>
    public bool OutsideVpc { get; init; }

    /// <summary>
    /// The function fails invocations on purpose (a Lambda authorizer's <c>Unauthorized</c>, which API
    /// Gateway turns into 401): Lambda's Errors metric counts every bad token, so no alarm watches it;
    /// the host's own failure count (<see cref="CountsServerErrors"/>) pages and rolls back instead.
    /// </summary>
    public bool RefusesByFailing { get; init; }

    /// <summary>The host counts its 5xx answers (Observability.ServerErrorMetric): a deployment rolls back on them too.</summary>
    public bool CountsServerErrors { get; init; }
}
