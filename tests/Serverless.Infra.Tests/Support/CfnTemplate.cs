using System.Text.Json.Nodes;

namespace Serverless.Infra.Tests.Support;

/// <summary>A synthesized CloudFormation template, read as JSON for the "every resource of a type" checks.</summary>
public sealed record CfnTemplate(string StackName, JsonObject Json)
{
    public IEnumerable<CfnResource> Resources(string type) =>
        Json["Resources"]!.AsObject()
            .Where(r => (string?)r.Value!["Type"] == type)
            .Select(r => new CfnResource(r.Key, r.Value!.AsObject()));

    public IEnumerable<CfnResource> AllResources =>
        Json["Resources"]!.AsObject().Select(r => new CfnResource(r.Key, r.Value!.AsObject()));

    public CfnResource Single(string type) => Assert.Single(Resources(type));

    public override string ToString() => StackName;
}
