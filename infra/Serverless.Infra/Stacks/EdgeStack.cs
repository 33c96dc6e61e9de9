using Amazon.CDK;
using Constructs;
using Serverless.Infra.Constructs;

namespace Serverless.Infra.Stacks;

/// <summary>CloudFront is global; its stack lives in the primary region next to the origin of every write.</summary>
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
        });
        new EdgeInvalidation(this, "Invalidation", new EdgeInvalidationProps
        {
            Config = props.Config,
            Distribution = Content.Distribution,
            InvalidatorRole = props.InvalidatorRole,
        });
        new CfnOutput(this, "DistributionDomain", new CfnOutputProps { Value = Content.Distribution.DistributionDomainName });
    }
}
