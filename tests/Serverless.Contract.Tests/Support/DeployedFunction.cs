using System.Text.Json.Nodes;
using Serverless.Aws.Permissions;

namespace Serverless.Contract.Tests.Support;

/// <summary>
/// One of our functions as CloudFormation would deploy it: the settings its environment gives, what its
/// role allows, and where its network lets it connect.
/// </summary>
public sealed class DeployedFunction(SynthesizedPlatform platform, StackTemplate stack, string logicalId)
{
    private JsonObject Properties => stack.Resource(logicalId)!["Properties"]!.AsObject();

    public AwsScope Scope => new(stack.Region, stack.Account);

    public static DeployedFunction Find(SynthesizedPlatform platform, string stackName, string host)
    {
        var stack = platform.Stack(stackName);
        var (id, _) = stack.OfType("AWS::Lambda::Function")
            .Single(f => (string?)f.Resource["Properties"]?["Environment"]?["Variables"]?["Serverless__Host"] == host);
        return new DeployedFunction(platform, stack, id);
    }

    /// <summary>The environment as the process sees it (intrinsics resolved to stand-ins), in configuration keys.</summary>
    public IReadOnlyDictionary<string, string> Settings =>
        (Properties["Environment"]?["Variables"]?.AsObject() ?? [])
            .ToDictionary(v => v.Key.Replace("__", ":", StringComparison.Ordinal), v => platform.Renderer.Render(v.Value, stack));

    public bool Allows(string action, string resource)
    {
        var roleId = (string)Properties["Role"]!["Fn::GetAtt"]![0]!;
        var roleName = platform.Renderer.Render(JsonNode.Parse($$"""{"Ref":"{{roleId}}"}"""), stack);
        // A policy may be attached from another stack of the region (the Edge stack grants the primary
        // API CreateInvalidation), naming the role through an import.
        foreach (var template in platform.Stacks.Where(s => s.Region == stack.Region))
        {
            foreach (var (_, policy) in template.OfType("AWS::IAM::Policy"))
            {
                var props = policy["Properties"]!;
                if (!props["Roles"]!.AsArray().Any(r => platform.Renderer.Render(r, template) == roleName))
                {
                    continue;
                }
                foreach (var statement in Values(props["PolicyDocument"]!["Statement"]))
                {
                    if ((string?)statement["Effect"] == "Allow"
                        && Values(statement["Action"]).Any(a => Glob.Matches((string)a!, action, ignoreCase: true))
                        && Values(statement["Resource"]).Any(r => Glob.Matches(platform.Renderer.Render(r, template), resource, ignoreCase: false)))
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /// <summary>A resource named relative to a queue (<c>key-of:</c>, <c>dead-letter-of:</c>), as the queue's template names it.</summary>
    public string? Resolve(string resource)
    {
        foreach (var (prefix, property) in new[] { ("key-of:", "KmsMasterKeyId"), ("dead-letter-of:", "RedrivePolicy") })
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var queueArn = resource[prefix.Length..];
            foreach (var template in platform.Stacks.Where(s => s.Region == stack.Region))
            {
                foreach (var (id, queue) in template.OfType("AWS::SQS::Queue"))
                {
                    if (platform.Renderer.Render(JsonNode.Parse($$"""{"Fn::GetAtt":["{{id}}","Arn"]}"""), template) != queueArn)
                    {
                        continue;
                    }
                    var value = queue["Properties"]?[property];
                    return value is null ? null
                        : property == "RedrivePolicy" ? platform.Renderer.Render(value["deadLetterTargetArn"], template)
                        : platform.Renderer.Render(value, template);
                }
            }
            throw new InvalidOperationException($"no queue {queueArn} in {stack.Region}");
        }
        return resource;
    }

    /// <summary>
    /// Whether the function's subnets and security group let it open a TLS connection to the host: an AWS
    /// service of this region through a VPC endpoint (private DNS for interface endpoints), anything else
    /// only through a NAT gateway.
    /// </summary>
    public string? WhyUnreachable(string host)
    {
        if (Properties["VpcConfig"] is null)
        {
            // Outside a VPC a function reaches every public AWS endpoint (and the internet) directly.
            return null;
        }
        var regional = platform.Stacks.Where(s => s.Region == stack.Region).ToList();
        var groups = Values(Properties["VpcConfig"]?["SecurityGroupIds"]).Select(g => platform.Renderer.Render(g, stack).Split('.')[0]).ToList();
        var egress = regional.SelectMany(s => groups.Select(g => s.Resource(g))).OfType<JsonObject>()
            .SelectMany(g => Values(g["Properties"]?["SecurityGroupEgress"]))
            .Any(e => (string?)e["CidrIp"] == "0.0.0.0/0" && ((string?)e["IpProtocol"] == "-1"
                || ((string?)e["IpProtocol"] == "tcp" && (int?)e["FromPort"] <= 443 && (int?)e["ToPort"] >= 443)));
        if (!egress)
        {
            return "its security groups allow no outbound HTTPS";
        }
        var suffix = $".{stack.Region}.amazonaws.com";
        if (host.EndsWith(suffix, StringComparison.Ordinal))
        {
            var service = $"com.amazonaws.{stack.Region}.{host[..^suffix.Length]}";
            var endpoint = regional.SelectMany(s => s.OfType("AWS::EC2::VPCEndpoint").Select(e => (Stack: s, e.Resource)))
                .FirstOrDefault(e => platform.Renderer.Render(e.Resource["Properties"]!["ServiceName"], e.Stack) == service);
            if (endpoint.Resource is { } found)
            {
                return (string?)found["Properties"]!["VpcEndpointType"] == "Interface" && (bool?)found["Properties"]!["PrivateDnsEnabled"] != true
                    ? $"the {service} endpoint has no private DNS, so {host} does not resolve to it"
                    : null;
            }
        }
        return regional.Any(s => s.OfType("AWS::EC2::NatGateway").Any())
            ? null
            : $"no VPC endpoint serves {host} and the subnets have no NAT gateway";
    }

    private static IEnumerable<JsonNode> Values(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.Select(n => n!),
        _ => [node],
    };

    public override string ToString() => $"{stack}/{logicalId}";
}
