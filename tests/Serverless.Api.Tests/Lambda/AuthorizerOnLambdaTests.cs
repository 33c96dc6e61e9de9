using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Lambda;

/// <summary>
/// An API Gateway authorizer's output is data, not a sign-in: an event carrying JWT-authorizer claims for a
/// tenant but no API key must get the 401 Kestrel gives the same request, on payload 1.0 and 2.0 alike.
/// </summary>
public sealed class AuthorizerOnLambdaTests(ApiOnLambdaHost lambda, ApiFixture kestrel)
    : IClassFixture<ApiOnLambdaHost>, IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Authorizer_claims_without_an_API_key_get_401_on_Lambda_as_on_Kestrel()
    {
        var tenant = await lambda.Db.Seeder.TenantWithKeyAsync();
        var claims = new JsonObject
        {
            ["sub"] = "user-1",
            ["tenant_id"] = tenant.Tenant.Id.ToString(),
            ["cognito:groups"] = "admins",
            ["scope"] = "content:read",
        };

        var onKestrel = await kestrel.Client().GetAsync("/v1/content");
        var v1 = await lambda.Emulator.InvokeAsync(RestEvent(new JsonObject { ["claims"] = claims.DeepClone() }));
        var v2 = await lambda.Emulator.InvokeAsync(HttpEvent(new JsonObject { ["jwt"] = new JsonObject { ["claims"] = claims.DeepClone(), ["scopes"] = new JsonArray("content:read") } }));

        Assert.Equal(HttpStatusCode.Unauthorized, onKestrel.StatusCode);
        Assert.False(v1.IsError, v1.BodyText);
        Assert.False(v2.IsError, v2.BodyText);
        Assert.Equal(401, JsonDocument.Parse(v1.Body).RootElement.GetProperty("statusCode").GetInt32());
        Assert.Equal(401, JsonDocument.Parse(v2.Body).RootElement.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task The_sample_event_with_JWT_authorizer_claims_and_no_API_key_gets_401()
    {
        var tenant = await lambda.Db.Seeder.TenantWithKeyAsync();
        var sample = await File.ReadAllTextAsync(Path.Combine(ApiOnLambdaHost.RepositoryRoot(), "events", "http-v2-jwt-claims-no-api-key.json"));

        var outcome = await lambda.Emulator.InvokeAsync(sample.Replace("00000000-0000-0000-0000-000000000000", tenant.Tenant.Id.ToString(), StringComparison.Ordinal));

        Assert.False(outcome.IsError, outcome.BodyText);
        Assert.Equal(401, JsonDocument.Parse(outcome.Body).RootElement.GetProperty("statusCode").GetInt32());
    }

    private static string RestEvent(JsonObject authorizer) => new JsonObject
    {
        ["resource"] = "/{proxy+}",
        ["path"] = "/v1/content",
        ["httpMethod"] = "GET",
        ["multiValueHeaders"] = new JsonObject { ["Host"] = new JsonArray("api.example.com"), ["Accept"] = new JsonArray("application/json") },
        ["requestContext"] = new JsonObject
        {
            ["path"] = "/prod/v1/content",
            ["stage"] = "prod",
            ["requestId"] = "authz-v1",
            ["identity"] = new JsonObject { ["sourceIp"] = "198.51.100.7" },
            ["authorizer"] = authorizer,
        },
        ["isBase64Encoded"] = false,
    }.ToJsonString();

    private static string HttpEvent(JsonObject authorizer) => new JsonObject
    {
        ["version"] = "2.0",
        ["routeKey"] = "$default",
        ["rawPath"] = "/v1/content",
        ["rawQueryString"] = "",
        ["headers"] = new JsonObject { ["host"] = "api.example.com", ["accept"] = "application/json" },
        ["requestContext"] = new JsonObject
        {
            ["stage"] = "$default",
            ["requestId"] = "authz-v2",
            ["domainName"] = "api.example.com",
            ["http"] = new JsonObject { ["method"] = "GET", ["path"] = "/v1/content", ["sourceIp"] = "198.51.100.7" },
            ["authorizer"] = authorizer,
        },
        ["isBase64Encoded"] = false,
    }.ToJsonString();
}
