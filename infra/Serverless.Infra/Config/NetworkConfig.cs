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
    /// NAT gateways in the <em>primary</em> region. 0 keeps its Lambdas in isolated subnets reaching AWS
    /// through VPC endpoints only. 1 or more gives the primary's API a route to CloudFront's API (which has
    /// no VPC endpoint: it invalidates edge copies on publish) and the worker one to an LLM provider on the
    /// public internet (docs/deploy.md weighs the cost). Secondary regions run only the API, which calls
    /// nothing without an endpoint there, so they never get one.
    /// </summary>
    public int NatGateways { get; init; }

    /// <summary>What a region's VPC gets: the configured count in the primary, none elsewhere.</summary>
    public int NatGatewaysIn(bool primaryRegion) => primaryRegion ? NatGateways : 0;

    /// <summary>How many zones carry the interface endpoints: each endpoint is billed per zone-hour.</summary>
    public int EndpointZones { get; init; } = 2;

    /// <summary>Adds a bedrock-runtime interface endpoint so the worker can reach Bedrock without NAT.</summary>
    public bool BedrockEndpoint { get; init; }
}
