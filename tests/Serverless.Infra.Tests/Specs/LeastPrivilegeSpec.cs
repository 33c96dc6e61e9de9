using System.Text.Json.Nodes;
using Serverless.Infra.Tests.Support;

namespace Serverless.Infra.Tests.Specs;

[Collection(PlatformsCollection.Name)]
public sealed class LeastPrivilegeSpec(Platforms platforms)
{
    private static IEnumerable<JsonNode> Values(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.Select(n => n!),
        _ => [node],
    };

    private static IEnumerable<(string Where, JsonNode Statement)> IdentityStatements(CfnTemplate template)
    {
        foreach (var policy in template.Resources("AWS::IAM::Policy").Concat(template.Resources("AWS::IAM::ManagedPolicy")))
        {
            foreach (var statement in Values(policy["PolicyDocument"]!["Statement"]))
            {
                yield return ($"{template}/{policy}", statement);
            }
        }
        foreach (var role in template.Resources("AWS::IAM::Role"))
        {
            foreach (var inline in Values(role["Policies"]))
            {
                foreach (var statement in Values(inline["PolicyDocument"]!["Statement"]))
                {
                    yield return ($"{template}/{role}", statement);
                }
            }
        }
    }

    [Fact]
    public void No_statement_allows_every_action_on_every_resource()
    {
        var checkedStatements = 0;
        foreach (var env in platforms.Both)
        {
            foreach (var template in env.Templates.Values)
            {
                foreach (var (where, statement) in IdentityStatements(template))
                {
                    checkedStatements++;
                    var actions = Values(statement["Action"]).Select(a => a.ToJsonString().Trim('"')).ToList();
                    var resources = Values(statement["Resource"]).Select(r => r.ToJsonString().Trim('"')).ToList();
                    var anyAction = actions.Any(a => a == "*" || a.EndsWith(":*", StringComparison.Ordinal));

                    Assert.False(anyAction && resources.Contains("*"), $"{where}: {statement.ToJsonString()}");
                }
            }
        }
        Assert.True(checkedStatements > 50, "the walk must have found the policies");
    }

    [Fact]
    public void Our_functions_get_queue_access_through_grants_not_wildcards()
    {
        var app = platforms.Production.Of(platforms.Production.Stacks.Primary.App);
        var worker = Assert.Single(app.Resources("AWS::IAM::Policy"), p => p.LogicalId.Contains("WorkerFunction", StringComparison.Ordinal));
        var document = worker.Text("PolicyDocument");

        Assert.Contains("sqs:ReceiveMessage", document, StringComparison.Ordinal);
        Assert.Contains("HighQueue", document, StringComparison.Ordinal);
        Assert.DoesNotContain("\"sqs:*\"", document, StringComparison.Ordinal);
        Assert.DoesNotContain("\"dynamodb:*\"", document, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_references_are_readable_one_parameter_at_a_time()
    {
        var app = platforms.Production.Of(platforms.Production.Stacks.Primary.App);
        var ssm = app.Resources("AWS::IAM::Policy")
            .SelectMany(p => Values(p["PolicyDocument"]!["Statement"]))
            .Where(s => Values(s["Action"]).Any(a => a.ToJsonString().Contains("ssm:GetParameter", StringComparison.Ordinal)))
            .ToList();

        Assert.NotEmpty(ssm);
        Assert.All(ssm, s => Assert.Contains("parameter/aws/reference/secretsmanager/serverless/production/", s["Resource"]!.ToJsonString(), StringComparison.Ordinal));
    }
}
