using Amazon.CDK;
using Amazon.CDK.AWS.APIGateway;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.Route53.Targets;
using Constructs;

namespace Serverless.Infra.Constructs;

/// <summary>
/// The same origin name in every region, answered by Route 53 with the lowest-latency region. CloudFront
/// resolves origin names from the edge location that serves the viewer, so a viewer in Tokyo reaches the
/// Tokyo API, and one in Frankfurt the Frankfurt API.
/// </summary>
public sealed class LatencyOrigin : Construct
{
    public LatencyOrigin(Construct scope, string id, LatencyOriginProps props) : base(scope, id)
    {
        var region = Stack.Of(this).Region;
        var zone = HostedZone.FromHostedZoneAttributes(this, "Zone", new HostedZoneAttributes
        {
            HostedZoneId = props.Domain.HostedZoneId,
            ZoneName = props.Domain.ZoneName,
        });

        // Regional API Gateway domains need a certificate in their own region.
        var certificate = new Certificate(this, "Certificate", new CertificateProps
        {
            DomainName = props.Domain.DomainName,
            Validation = CertificateValidation.FromDns(zone),
        });
        var domain = new DomainName_(this, "Domain", new DomainNameProps
        {
            DomainName = props.Domain.DomainName,
            Certificate = certificate,
            EndpointType = EndpointType.REGIONAL,
            SecurityPolicy = SecurityPolicy.TLS_1_2,
        });
        domain.AddBasePathMapping(props.Api, new BasePathMappingOptions { Stage = props.Api.DeploymentStage });

        new ARecord(this, "LatencyRecord", new ARecordProps
        {
            Zone = zone,
            RecordName = props.Domain.DomainName,
            Target = RecordTarget.FromAlias(new ApiGatewayDomain(domain)),
            Region = region,
            SetIdentifier = region,
        });
    }
}
