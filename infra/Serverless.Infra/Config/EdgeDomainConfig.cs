namespace Serverless.Infra.Config;

/// <summary>
/// The distribution's own name. CloudFront only takes a certificate from ACM in us-east-1: give the ARN
/// of one, or a public hosted zone to create and DNS-validate it in the edge security stack.
/// </summary>
public sealed record EdgeDomainConfig
{
    /// <summary>e.g. "api.example.com".</summary>
    public required string DomainName { get; init; }

    /// <summary>An ACM certificate in us-east-1 covering <see cref="DomainName"/>.</summary>
    public string? CertificateArn { get; init; }

    /// <summary>With <see cref="ZoneName"/>, instead of <see cref="CertificateArn"/>: the stack creates the
    /// certificate and the alias record in this zone.</summary>
    public string? HostedZoneId { get; init; }

    public string? ZoneName { get; init; }
}
