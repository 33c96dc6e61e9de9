using Amazon.CDK;
using Amazon.CDK.AWS.CertificateManager;
using Constructs;
using Serverless.Infra.Config;
using Serverless.Infra.Constructs;

namespace Serverless.Infra.Stacks;

/// <summary>
/// CloudFront is global; its stack lives in the primary region next to the origin of every write (and the
/// origin-verify secret). What CloudFront needs from us-east-1 comes from <see cref="EdgeSecurityStack"/>.
/// </summary>
public sealed class EdgeStack : Stack
{
    public ContentDistribution Content { get; }

    public EdgeStack(Construct scope, string id, EdgeStackProps props) : base(scope, id, props)
    {
        Content = new ContentDistribution(this, "Content", new ContentDistributionProps
        {
            Config = props.Config,
            PrimaryApiDomain = props.PrimaryApiDomain,
            SecondaryApiDomains = props.SecondaryApiDomains,
            WebAclArn = props.Security.Firewall.WebAcl.AttrArn,
            Certificate = props.Config.Edge.Domain?.CertificateArn is { } arn
                ? Certificate.FromCertificateArn(this, "Certificate", arn)
                : props.Security.Certificate,
            // This stack is in the primary region, where the secret is created.
            OriginVerifySecretName = ResourceNames.OriginVerifySecret(props.Config),
        });
        if (EdgeInvalidation.IsReachable(props.Config))
        {
            new EdgeInvalidation(this, "Invalidation", new EdgeInvalidationProps
            {
                Config = props.Config,
                Distribution = Content.Distribution,
                InvalidatorRole = props.InvalidatorRole,
            });
        }
        new CfnOutput(this, "DistributionDomain", new CfnOutputProps { Value = Content.Distribution.DistributionDomainName });
    }
}
