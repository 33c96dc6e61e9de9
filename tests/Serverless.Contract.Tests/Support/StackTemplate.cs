using System.Text.Json.Nodes;

namespace Serverless.Contract.Tests.Support;

/// <summary>One synthesized stack: its template and where it deploys.</summary>
public sealed record StackTemplate(string Name, string Region, string Account, JsonObject Json)
{
    public JsonObject Resources => Json["Resources"]!.AsObject();

    public JsonObject? Resource(string logicalId) => Resources[logicalId]?.AsObject();

    public string? TypeOf(string logicalId) => (string?)Resource(logicalId)?["Type"];

    public IEnumerable<(string Id, JsonObject Resource)> OfType(string type) =>
        Resources.Where(r => (string?)r.Value!["Type"] == type).Select(r => (r.Key, r.Value!.AsObject()));

    public override string ToString() => Name;
}
