using System.Text.Json.Nodes;

namespace Serverless.Infra.Tests.Support;

/// <summary>
/// One of our functions in a synthesized App template: its environment and the statements of the
/// policies attached to its role, each with its actions and resources rendered as JSON text.
/// </summary>
public sealed record FunctionGrants(CfnTemplate Template, CfnResource Function)
{
    public static FunctionGrants Of(CfnTemplate template, string host) => new(template, Assert.Single(
        template.Resources("AWS::Lambda::Function"),
        f => (string?)f["Environment"]?["Variables"]?["Serverless__Host"] == host));

    public JsonObject Variables => Function["Environment"]!["Variables"]!.AsObject();

    public string? Variable(string name) => Variables[name] is { } value ? value.ToJsonString().Trim('"') : null;

    public string RoleId => (string)Function["Role"]!["Fn::GetAtt"]![0]!;

    public IReadOnlyList<(IReadOnlyList<string> Actions, IReadOnlyList<string> Resources)> Statements =>
        Template.Resources("AWS::IAM::Policy")
            .Where(p => p.Text("Roles").Contains($"\"{RoleId}\"", StringComparison.Ordinal))
            .SelectMany(p => Values(p["PolicyDocument"]!["Statement"]))
            .Where(s => (string?)s["Effect"] == "Allow")
            .Select(s => ((IReadOnlyList<string>)Values(s["Action"]).Select(a => (string)a!).ToList(),
                (IReadOnlyList<string>)Values(s["Resource"]).Select(r => r.ToJsonString()).ToList()))
            .ToList();

    /// <summary>The resources (as JSON text) on which <paramref name="action"/> is allowed.</summary>
    public IReadOnlyList<string> ResourcesOf(string action) =>
        Statements.Where(s => s.Actions.Contains(action)).SelectMany(s => s.Resources).ToList();

    public IEnumerable<string> AllActions => Statements.SelectMany(s => s.Actions).Distinct();

    private static IEnumerable<JsonNode> Values(JsonNode? node) => node switch
    {
        null => [],
        JsonArray array => array.Select(n => n!),
        _ => [node],
    };
}
