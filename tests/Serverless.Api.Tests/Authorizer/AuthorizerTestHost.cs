using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Microsoft.Extensions.Hosting;
using Serverless.Api.Authorizer;
using Serverless.Lambda.Runtime;
using Serverless.Testing.Aws;

namespace Serverless.Api.Tests.Authorizer;

/// <summary>The authorizer's own host (as <c>Serverless__Host=authorizer</c> starts it), pointed at the local issuer and fake gateway.</summary>
public static class AuthorizerTestHost
{
    public static IHost Build(LocalOidcIssuer issuer, FakeGatewayKeys gateway, params string[] extra) =>
        AuthorizerHost.CreateBuilder(
            [
                // As deployed: ./dev test runs as Development and exports the local signing key.
                "--environment=Production", "--Jwt:SigningKey=",
                $"--Jwt:Authority={issuer.Url}", $"--Jwt:Issuer={issuer.Url}", $"--Jwt:Audience={LocalOidcIssuer.Audience}",
                $"--Authorizer:Region={FakeGatewayKeys.Region}", $"--Authorizer:GatewayUrl={gateway.Endpoint.Url}",
                .. extra,
            ],
            new SessionAWSCredentials(FakeAwsEndpoint.AccessKey, FakeAwsEndpoint.SecretKey, FakeAwsEndpoint.SessionToken)).Build();

    /// <summary>events/rest-request-authorizer.json with these headers added, in both header maps, as API Gateway sends them.</summary>
    public static LambdaInvocation Event(params (string Name, string Value)[] headers)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(Root(), "events", "rest-request-authorizer.json")))!;
        foreach (var (name, value) in headers)
        {
            root["headers"]![name] = value;
            var many = root["multiValueHeaders"]![name]?.AsArray();
            if (many is null)
            {
                root["multiValueHeaders"]![name] = new JsonArray(value);
            }
            else
            {
                many.Add(value);
            }
        }
        return new LambdaInvocation(new LambdaInvocationContext("req-1", DateTimeOffset.UtcNow.AddSeconds(10), null, null), Encoding.UTF8.GetBytes(root.ToJsonString()));
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Serverless.sln not found above " + AppContext.BaseDirectory);
    }
}
