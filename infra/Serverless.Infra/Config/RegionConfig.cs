namespace Serverless.Infra.Config;

/// <summary>
/// A region and the availability zones to use there. The zones are listed rather than looked up so
/// that synthesis never needs AWS credentials or network access.
/// </summary>
public sealed record RegionConfig
{
    public required string Region { get; init; }
    public required IReadOnlyList<string> AvailabilityZones { get; init; }
}
