namespace Serverless.Infra.Config;

public sealed record NetworkConfig
{
    /// <summary>Each region gets this /16; the second octet is offset per region so VPCs could be peered later.</summary>
    public string CidrPrefix { get; init; } = "10.40";

    public string CidrFor(int regionIndex)
    {
        var octets = CidrPrefix.Split('.');
        var second = int.Parse(octets[1], System.Globalization.CultureInfo.InvariantCulture) + regionIndex;
        return $"{octets[0]}.{second}.0.0/16";
    }

    /// <summary>
    /// 0 keeps the Lambdas in isolated subnets reaching AWS through VPC endpoints only. Set 1 or more when
    /// the LLM provider is on the public internet (docs/deploy.md weighs the cost).
    /// </summary>
    public int NatGateways { get; init; }

    /// <summary>How many zones carry the interface endpoints: each endpoint is billed per zone-hour.</summary>
    public int EndpointZones { get; init; } = 2;

    /// <summary>Adds a bedrock-runtime interface endpoint so the worker can reach Bedrock without NAT.</summary>
    public bool BedrockEndpoint { get; init; }
}
