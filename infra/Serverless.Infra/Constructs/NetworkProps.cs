namespace Serverless.Infra.Constructs;

public sealed record NetworkProps
{
    public required string Cidr { get; init; }
    public required IReadOnlyList<string> AvailabilityZones { get; init; }
    public int NatGateways { get; init; }
    public int EndpointZones { get; init; } = 2;
    public bool BedrockEndpoint { get; init; }
}
