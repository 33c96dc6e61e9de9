using Amazon.CDK;
using Constructs;
using Serverless.Infra.Config;

namespace Serverless.Infra.Stacks;

/// <summary>
/// Every stack of one environment: a stack set per region (foundation, data, app), the primary first
/// because the secondaries replicate from it, then the edge, which needs every region's API.
/// </summary>
public sealed record PlatformStacks(RegionStacks Primary, IReadOnlyList<RegionStacks> Secondaries, EdgeStack Edge, DeployAccessStack? DeployAccess)
{
    /// <summary>The WAF web ACL and the edge certificate, in us-east-1.</summary>
    public required EdgeSecurityStack EdgeSecurity { get; init; }

    public IEnumerable<RegionStacks> Regions => Secondaries.Prepend(Primary);

    public IEnumerable<Stack> All => Regions
        .SelectMany(r => new Stack[] { r.Foundation, r.Data, r.App })
        .Append(EdgeSecurity)
        .Append(Edge)
        .Concat(DeployAccess is null ? [] : [DeployAccess]);

    public static PlatformStacks Create(Construct scope, PlatformConfig config)
    {
        // The zones come from configuration. Recording them where a context lookup would keep its answer
        // lets the VPC check them without calling AWS, so synthesis works offline and without credentials.
        foreach (var region in config.AllRegions)
        {
            scope.Node.SetContext($"availability-zones:account={config.Account}:region={region.Region}", region.AvailabilityZones.ToArray());
        }

        var primary = Region(scope, config, config.Primary, 0, primary: null);
        var secondaries = config.Secondaries
            .Select((region, index) => Region(scope, config, region, index + 1, primary))
            .ToList();

        var edgeSecurity = new EdgeSecurityStack(scope, ResourceNames.Stack(config, "EdgeSecurity"), new EdgeSecurityStackProps
        {
            Config = config,
            Env = new Amazon.CDK.Environment { Account = config.Account, Region = EdgeSecurityStack.CloudFrontRegion },
            CrossRegionReferences = true,
            Description = $"Serverless {config.Environment}: WAF web ACL and edge certificate (CloudFront reads them from us-east-1)",
        });
        var edge = new EdgeStack(scope, ResourceNames.Stack(config, "Edge"), new EdgeStackProps
        {
            Config = config,
            Env = Environment(config, config.Primary),
            CrossRegionReferences = true,
            Description = $"Serverless {config.Environment}: CloudFront in front of every region",
            PrimaryApiDomain = primary.App.Api.DomainName,
            SecondaryApiDomains = config.Edge.ReadOrigin is null ? secondaries.Select(s => s.App.Api.DomainName).ToList() : [],
            Security = edgeSecurity,
            InvalidatorRole = primary.App.ApiFunction.Function.Role!,
        });
        var deployAccess = config.GitHub is { } github
            ? new DeployAccessStack(scope, ResourceNames.Stack(config, "DeployAccess"), new DeployAccessStackProps
            {
                Config = config,
                GitHub = github,
                Env = Environment(config, config.Primary),
                Description = $"Serverless {config.Environment}: the GitHub Actions deploy role (OIDC)",
            })
            : null;
        return new PlatformStacks(primary, secondaries, edge, deployAccess) { EdgeSecurity = edgeSecurity };
    }

    private static RegionStacks Region(Construct scope, PlatformConfig config, RegionConfig region, int index, RegionStacks? primary)
    {
        var env = Environment(config, region);
        var foundation = new FoundationStack(scope, ResourceNames.Stack(config, "Foundation", region.Region), new FoundationStackProps
        {
            Config = config,
            RegionConfig = region,
            RegionIndex = index,
            Env = env,
            Description = $"Serverless {config.Environment}: network, key and alarm topic in {region.Region}",
        });
        var data = new DataStack(scope, ResourceNames.Stack(config, "Data", region.Region), new DataStackProps
        {
            Config = config,
            Foundation = foundation,
            ReplicaSource = primary?.Data.Primary!.Instance,
            Env = env,
            // A replica needs the primary's ARN from another region: CDK carries it through SSM.
            CrossRegionReferences = true,
            Description = $"Serverless {config.Environment}: database, cache and idempotency table in {region.Region}",
        });
        var app = new AppStack(scope, ResourceNames.Stack(config, "App", region.Region), new AppStackProps
        {
            Config = config,
            Foundation = foundation,
            Data = data,
            IdempotencyTableName = (primary?.Data ?? data).Idempotency!.Table.TableName,
            PrimaryApiUrl = primary is null ? null : WriteEntry(config, primary),
            Env = env,
            CrossRegionReferences = true,
            Description = $"Serverless {config.Environment}: API, worker and monitoring in {region.Region}",
        });
        return new RegionStacks(foundation, data, app);
    }

    /// <summary>
    /// Where a secondary redirects the writes it gets (308). The edge's public name when the environment
    /// has one: CloudFront always sends /v1 to the primary, it is the name clients are given, and it is
    /// where the WAF and the origin-verify header sit. Otherwise the primary's own API URL (stage
    /// included): the generated cloudfront.net name cannot reach the regional stacks, which the Edge
    /// stack depends on. Never the latency-routed read origin: it resolves to the nearest region,
    /// which may be the secondary itself.
    /// </summary>
    private static string WriteEntry(PlatformConfig config, RegionStacks primary) =>
        config.Edge.Domain?.DomainName is { Length: > 0 } domain ? $"https://{domain}/" : primary.App.Api.Api.Url;

    private static Amazon.CDK.Environment Environment(PlatformConfig config, RegionConfig region) =>
        new() { Account = config.Account, Region = region.Region };
}
