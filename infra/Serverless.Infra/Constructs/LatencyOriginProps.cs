using Amazon.CDK.AWS.APIGateway;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

public sealed record LatencyOriginProps
{
    public required OriginDomainConfig Domain { get; init; }
    public required RestApi Api { get; init; }
}
