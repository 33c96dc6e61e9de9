using Amazon.CDK;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.Route53;
using Constructs;
using Serverless.Infra.Constructs;

namespace Serverless.Infra.Stacks;

/// <summary>
/// What CloudFront accepts only from us-east-1, whatever region the distribution's stack is in: the WAF
/// web ACL and, for a custom domain given by hosted zone, its ACM certificate. The edge stack reads both
/// through cross-region references.
/// </summary>
public sealed class EdgeSecurityStack : Stack
{
    public const string CloudFrontRegion = "us-east-1";

    public EdgeFirewall Firewall { get; }

    /// <summary>The certificate created here; null when the configuration names one or there is no custom domain.</summary>
    public ICertificate? Certificate { get; }

    public EdgeSecurityStack(Construct scope, string id, EdgeSecurityStackProps props) : base(scope, id, props)
    {
        Firewall = new EdgeFirewall(this, "Firewall", new EdgeFirewallProps { Config = props.Config });

        if (props.Config.Edge.Domain is { CertificateArn: null, HostedZoneId: { } zoneId, ZoneName: { } zoneName } domain)
        {
            var zone = HostedZone.FromHostedZoneAttributes(this, "Zone", new HostedZoneAttributes { HostedZoneId = zoneId, ZoneName = zoneName });
            Certificate = new Certificate(this, "Certificate", new CertificateProps
            {
                DomainName = domain.DomainName,
                Validation = CertificateValidation.FromDns(zone),
            });
        }
    }
}
