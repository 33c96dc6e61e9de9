using System.Text.Json.Serialization;

namespace Serverless.Api.Authorizer;

/// <summary>An IAM policy of one statement on <c>execute-api:Invoke</c>.</summary>
public sealed record PolicyDocument(
    [property: JsonPropertyName("Version")] string Version,
    [property: JsonPropertyName("Statement")] IReadOnlyList<PolicyStatement> Statement)
{
    public static PolicyDocument Invoke(string effect, string resource) =>
        new("2012-10-17", [new PolicyStatement("execute-api:Invoke", effect, resource)]);
}
