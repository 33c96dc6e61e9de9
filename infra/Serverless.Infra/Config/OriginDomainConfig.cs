namespace Serverless.Infra.Config;

/// <summary>A public hosted zone the platform may add records to, and the origin name inside it.</summary>
public sealed record OriginDomainConfig
{
    /// <summary>e.g. "origin.api.example.com": resolves to the nearest healthy region.</summary>
    public required string DomainName { get; init; }
    public required string HostedZoneId { get; init; }
    public required string ZoneName { get; init; }
}
