using Amazon.CDK.AWS.WAFv2;
using Constructs;
using Serverless.Infra.Config;

namespace Serverless.Infra.Constructs;

/// <summary>
/// The WAF web ACL in front of CloudFront (scope CLOUDFRONT, so it must be created in us-east-1).
/// Per-IP rate rules come first, so a flood is dropped before the managed rules are evaluated: a general
/// limit for every path and a tighter one for the anonymous /public reads. Then AWS's common rule set
/// and known-bad-inputs set.
/// </summary>
public sealed class EdgeFirewall : Construct
{
    public const string Scope = "CLOUDFRONT";

    public CfnWebACL WebAcl { get; }

    public EdgeFirewall(Construct scope, string id, EdgeFirewallProps props) : base(scope, id)
    {
        var waf = props.Config.Edge.Waf;
        var metricPrefix = $"serverless-{props.Config.Environment}";

        WebAcl = new CfnWebACL(this, "WebAcl", new CfnWebACLProps
        {
            Scope = Scope,
            Description = $"Serverless {props.Config.Environment}: per-IP rate limits and AWS managed rules",
            DefaultAction = new CfnWebACL.DefaultActionProperty { Allow = new CfnWebACL.AllowActionProperty() },
            VisibilityConfig = Visibility(metricPrefix),
            Rules = new object[]
            {
                RateRule("PerIpPublic", 0, waf.PublicRateLimitPer5Minutes, metricPrefix, scopeDown: new CfnWebACL.StatementProperty
                {
                    ByteMatchStatement = new CfnWebACL.ByteMatchStatementProperty
                    {
                        FieldToMatch = new CfnWebACL.FieldToMatchProperty { UriPath = new Dictionary<string, object>() },
                        PositionalConstraint = "STARTS_WITH",
                        SearchString = $"/{TenantApi.PublicPrefix}/",
                        TextTransformations = new object[] { new CfnWebACL.TextTransformationProperty { Priority = 0, Type = "NONE" } },
                    },
                }),
                RateRule("PerIp", 1, waf.RateLimitPer5Minutes, metricPrefix, scopeDown: null),
                // The API caps bodies itself; content and draft bodies legitimately exceed the set's 8 KB
                // body limit, so that one rule only counts.
                ManagedRule("AWSManagedRulesCommonRuleSet", 10, metricPrefix, countOnly: ["SizeRestrictions_BODY"]),
                ManagedRule("AWSManagedRulesKnownBadInputsRuleSet", 20, metricPrefix, countOnly: []),
            },
        });
    }

    private static CfnWebACL.RuleProperty RateRule(string name, int priority, int limit, string metricPrefix, CfnWebACL.StatementProperty? scopeDown) => new()
    {
        Name = name,
        Priority = priority,
        Statement = new CfnWebACL.StatementProperty
        {
            RateBasedStatement = new CfnWebACL.RateBasedStatementProperty
            {
                Limit = limit,
                AggregateKeyType = "IP",
                ScopeDownStatement = scopeDown,
            },
        },
        // 429 rather than WAF's default 403: a client that backs off is welcome back.
        Action = new CfnWebACL.RuleActionProperty
        {
            Block = new CfnWebACL.BlockActionProperty { CustomResponse = new CfnWebACL.CustomResponseProperty { ResponseCode = 429 } },
        },
        VisibilityConfig = Visibility($"{metricPrefix}-{name}"),
    };

    private static CfnWebACL.RuleProperty ManagedRule(string name, int priority, string metricPrefix, string[] countOnly) => new()
    {
        Name = name,
        Priority = priority,
        Statement = new CfnWebACL.StatementProperty
        {
            ManagedRuleGroupStatement = new CfnWebACL.ManagedRuleGroupStatementProperty
            {
                VendorName = "AWS",
                Name = name,
                RuleActionOverrides = countOnly.Length == 0 ? null : countOnly
                    .Select(rule => (object)new CfnWebACL.RuleActionOverrideProperty
                    {
                        Name = rule,
                        ActionToUse = new CfnWebACL.RuleActionProperty { Count = new CfnWebACL.CountActionProperty() },
                    })
                    .ToArray(),
            },
        },
        OverrideAction = new CfnWebACL.OverrideActionProperty { None = new Dictionary<string, object>() },
        VisibilityConfig = Visibility($"{metricPrefix}-{name}"),
    };

    private static CfnWebACL.VisibilityConfigProperty Visibility(string metric) => new()
    {
        CloudWatchMetricsEnabled = true,
        MetricName = metric,
        SampledRequestsEnabled = true,
    };
}
