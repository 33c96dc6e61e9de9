using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serverless.Api.Authorizer;
using Serverless.Lambda.Runtime;

namespace Serverless.Api.Tests.Authorizer;

/// <summary>
/// The REQUEST authorizer in front of /v1, against a real OIDC issuer (JWKS over HTTP) and an API Gateway
/// fake that checks SigV4: keys pass through as usage keys, tokens are validated with the API's rules and
/// metered on their tenant's key, everything else is 401 (or 403 for a tenant with no key here).
/// </summary>
public sealed class JwtAuthorizerTests : IAsyncLifetime
{
    private const string MethodArn = "arn:aws:execute-api:eu-central-1:111122223333:a1b2c3d4e5/prod/*/v1*";
    private readonly LocalOidcIssuer _issuer = new();
    private readonly FakeGatewayKeys _gateway = new();
    private readonly Guid _tenant = Guid.NewGuid();
    private IHost _host = null!;

    public Task InitializeAsync()
    {
        _host = AuthorizerTestHost.Build(_issuer, _gateway);
        _gateway.Add(_tenant, "sk_live_tenant_key_value_1");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _host.Dispose();
        await _issuer.DisposeAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task AKeyOnlyRequest_IsAllowedOnTheStagesV1Methods_WithThatKeyAsItsUsageKey()
    {
        var answer = await AuthorizeAsync(("x-api-key", "sk_live_some_product_key"));

        Assert.Equal("Allow", Effect(answer));
        Assert.Equal(MethodArn, (string?)answer["policyDocument"]!["Statement"]![0]!["Resource"]);
        Assert.Equal("execute-api:Invoke", (string?)answer["policyDocument"]!["Statement"]![0]!["Action"]);
        Assert.Equal("sk_live_some_product_key", (string?)answer["usageIdentifierKey"]);
        Assert.Equal(0, _gateway.Lookups);
    }

    [Fact]
    public async Task ATokenOnlyRequest_IsAllowedWithItsTenantsUsageKey_AndCarriesTenantRoleAndSubjectAsContext()
    {
        var answer = await AuthorizeAsync(("Authorization", "Bearer " + _issuer.Mint(_tenant, "reviewer", "alice")));

        Assert.Equal("Allow", Effect(answer));
        Assert.Equal("user:alice", (string?)answer["principalId"]);
        Assert.Equal("sk_live_tenant_key_value_1", (string?)answer["usageIdentifierKey"]);
        Assert.Equal(_tenant.ToString(), (string?)answer["context"]!["tenant_id"]);
        Assert.Equal("reviewer", (string?)answer["context"]!["role"]);
        Assert.Equal("alice", (string?)answer["context"]!["sub"]);
        Assert.Equal(MethodArn, (string?)answer["policyDocument"]!["Statement"]![0]!["Resource"]);
        var lookup = Assert.Single(_gateway.Endpoint.Received);
        Assert.Contains($"customerId={_tenant}", lookup.Query, StringComparison.Ordinal);
        Assert.Contains("includeValues=true", lookup.Query, StringComparison.Ordinal);
        Assert.Empty(_gateway.Endpoint.SignatureFailures);
    }

    [Fact]
    public async Task AKeyAndAValidToken_AreMeteredOnTheKey_WithThePersonAsPrincipal()
    {
        var answer = await AuthorizeAsync(("x-api-key", "sk_live_the_products_own_key"), ("Authorization", "Bearer " + _issuer.Mint(_tenant)));

        Assert.Equal("Allow", Effect(answer));
        Assert.Equal("user:alice", (string?)answer["principalId"]);
        Assert.Equal("sk_live_the_products_own_key", (string?)answer["usageIdentifierKey"]);
        Assert.Equal(0, _gateway.Lookups);
    }

    [Fact]
    public async Task AForgedToken_IsRefusedWith401_EvenBesideAValidKey()
    {
        await AssertUnauthorizedAsync(("Authorization", "Bearer " + _issuer.Forge(_tenant)));
        await AssertUnauthorizedAsync(("x-api-key", "sk_live_some_product_key"), ("Authorization", "Bearer " + _issuer.Forge(_tenant)));
        Assert.Equal(0, _gateway.Lookups);
    }

    [Fact]
    public async Task ATokenForAnotherAudienceOrAnUnsignedOne_IsRefusedWith401()
    {
        var claims = new Dictionary<string, object> { ["tenant_id"] = _tenant.ToString(), ["role"] = "admin", ["sub"] = "alice" };
        await AssertUnauthorizedAsync(("Authorization", "Bearer " + _issuer.MintClaims(claims, audience: "someone-else")));
        var unsigned = string.Join('.', _issuer.Mint(_tenant).Split('.')[..2]) + ".";
        await AssertUnauthorizedAsync(("Authorization", "Bearer " + unsigned));
    }

    public static TheoryData<string> Shapes => ["role-array", "tenant-array", "sub-number", "tenant-missing", "tenant-not-uuid"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task ATokenWhoseTenantRoleOrSubIsNotExactlyOneString_IsRefusedWith401(string shape)
    {
        var claims = new Dictionary<string, object> { ["tenant_id"] = _tenant.ToString(), ["role"] = "viewer", ["sub"] = "alice" };
        switch (shape)
        {
            case "role-array": claims["role"] = new[] { "viewer", "admin" }; break;
            case "tenant-array": claims["tenant_id"] = new[] { _tenant.ToString(), Guid.NewGuid().ToString() }; break;
            case "sub-number": claims["sub"] = 42; break;
            case "tenant-missing": claims.Remove("tenant_id"); break;
            case "tenant-not-uuid": claims["tenant_id"] = "acme"; break;
        }

        await AssertUnauthorizedAsync(("Authorization", "Bearer " + _issuer.MintClaims(claims)));
    }

    [Fact]
    public async Task AValidTokenOfATenantWithNoKeyInThisRegion_IsDenied_So403()
    {
        var answer = await AuthorizeAsync(("Authorization", "Bearer " + _issuer.Mint(Guid.NewGuid())));

        Assert.Equal("Deny", Effect(answer));
        Assert.Null(answer["usageIdentifierKey"]);
    }

    [Fact]
    public async Task ATenantWithSeveralKeys_IsMeteredOnItsNewestEnabledKey()
    {
        var tenant = Guid.NewGuid();
        _gateway.Add(tenant, "sk_live_old_key_value", createdDate: 1_700_000_000);
        _gateway.Add(tenant, "sk_live_new_key_value", createdDate: 1_700_100_000);
        _gateway.Add(tenant, "sk_live_off_key_value", enabled: false, createdDate: 1_700_200_000);

        var answer = await AuthorizeAsync(("Authorization", "Bearer " + _issuer.Mint(tenant)));

        Assert.Equal("sk_live_new_key_value", (string?)answer["usageIdentifierKey"]);
    }

    [Fact]
    public async Task ATenantsKey_IsLookedUpOnceForABurstOfRequests()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("Allow", Effect(await AuthorizeAsync(("Authorization", "Bearer " + _issuer.Mint(_tenant, subject: $"user{i}")))));
        }

        Assert.Equal(1, _gateway.Lookups);
    }

    [Fact]
    public async Task NoCredentials_OrACredentialSentTwice_IsRefusedWith401()
    {
        await AssertUnauthorizedAsync();
        await AssertUnauthorizedAsync(("Authorization", "Basic YWxpY2U6cGFzcw=="));
        await AssertUnauthorizedAsync(("x-api-key", "sk_live_one"), ("x-api-key", "sk_live_two"));
        var token = _issuer.Mint(_tenant);
        await AssertUnauthorizedAsync(("Authorization", "Bearer " + token), ("Authorization", "Bearer " + _issuer.Forge(_tenant)));
    }

    [Fact]
    public async Task AnEventThatIsNotARequestAuthorizerEvent_IsRefusedWith401()
    {
        var authorizer = _host.Services.GetRequiredService<JwtAuthorizer>();
        var invocation = new LambdaInvocation(new LambdaInvocationContext("req-2", DateTimeOffset.UtcNow.AddSeconds(10), null, null), """{"type":"TOKEN","authorizationToken":"x"}"""u8.ToArray());

        var refusal = await Assert.ThrowsAsync<AuthorizerRefusal>(() => authorizer.HandleAsync(invocation, CancellationToken.None));
        Assert.Equal("Unauthorized", LambdaError.FromException(refusal).ErrorMessage);
    }

    [Fact]
    public async Task AnIssuerThatCannotBeReached_FailsTheInvocation_AsAFailureNotARefusal_AndIsCounted()
    {
        var counted = new List<long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == Serverless.Api.Observability.ServerErrorMetrics.InstrumentName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => counted.Add(value));
        listener.Start();
        using var host = AuthorizerTestHost.Build(_issuer, _gateway, "--Jwt:Authority=http://127.0.0.1:9/");
        var authorizer = host.Services.GetRequiredService<JwtAuthorizer>();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => authorizer.HandleAsync(AuthorizerTestHost.Event(("Authorization", "Bearer " + _issuer.Mint(_tenant))), CancellationToken.None));

        // Not "Unauthorized": API Gateway answers 500, and the count is what the canary rolls back on.
        Assert.IsNotType<AuthorizerRefusal>(failure);
        Assert.NotEqual("Unauthorized", LambdaError.FromException(failure).ErrorMessage);
        Assert.Equal([1L], counted);
    }

    [Theory]
    [InlineData("--Jwt:SigningKey=local-development-signing-key-not-for-production-0123456789")]
    [InlineData("--Jwt:Authority=")]
    public async Task TheAuthorizer_RefusesToStartWithASharedKeyOrWithoutAnAuthority(string setting)
    {
        using var host = AuthorizerTestHost.Build(_issuer, _gateway, setting);

        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(CancellationToken.None));
    }

    private async Task<JsonNode> AuthorizeAsync(params (string Name, string Value)[] headers)
    {
        var authorizer = _host.Services.GetRequiredService<JwtAuthorizer>();
        var body = await authorizer.HandleAsync(AuthorizerTestHost.Event(headers), CancellationToken.None);
        return JsonNode.Parse(body.Span)!;
    }

    private async Task AssertUnauthorizedAsync(params (string Name, string Value)[] headers)
    {
        var authorizer = _host.Services.GetRequiredService<JwtAuthorizer>();
        var refusal = await Assert.ThrowsAsync<AuthorizerRefusal>(() => authorizer.HandleAsync(AuthorizerTestHost.Event(headers), CancellationToken.None));
        // What the Runtime API receives, and what API Gateway turns into a 401.
        Assert.Equal("Unauthorized", LambdaError.FromException(refusal).ErrorMessage);
    }

    private static string? Effect(JsonNode answer) => (string?)answer["policyDocument"]!["Statement"]![0]!["Effect"];
}
