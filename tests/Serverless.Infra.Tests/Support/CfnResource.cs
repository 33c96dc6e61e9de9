using System.Text.Json.Nodes;

namespace Serverless.Infra.Tests.Support;

public sealed record CfnResource(string LogicalId, JsonObject Json)
{
    public string Type => (string)Json["Type"]!;

    public JsonObject Properties => Json["Properties"]?.AsObject() ?? [];

    public JsonNode? this[string property] => Properties[property];

    /// <summary>The property rendered as JSON text, for "mentions" checks on intrinsic functions.</summary>
    public string Text(string property) => Properties[property]?.ToJsonString() ?? "";

    public override string ToString() => LogicalId;
}
