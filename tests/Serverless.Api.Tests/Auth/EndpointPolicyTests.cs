using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Auth;

/// <summary>Every route names what it takes: a capability policy, or an explicit AllowAnonymous.</summary>
public sealed class EndpointPolicyTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public void EveryEndpointInTheRouteTable_NamesAPolicy_OrAllowsAnonymousExplicitly()
    {
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var unnamed = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null
                && !e.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => !string.IsNullOrEmpty(a.Policy)))
            .Select(e => $"{string.Join(',', e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}")
            .ToList();

        Assert.NotEmpty(endpoints);
        Assert.Empty(unnamed);
    }

    [Fact]
    public void EveryNamedPolicy_IsOneTheApiDefines()
    {
        var options = api.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthorizationOptions>>().Value;
        var named = api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .SelectMany(e => e.Metadata.GetOrderedMetadata<IAuthorizeData>())
            .Select(a => a.Policy)
            .OfType<string>()
            .Distinct();

        Assert.All(named, policy => Assert.NotNull(options.GetPolicy(policy)));
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("reviewer")]
    public async Task AViewerOrReviewer_Gets403_AskingForADraft_ButMayListDrafts(string role)
    {
        var (tenant, product) = await api.TenantAsync();
        var item = await product.CreateAsync();
        var person = api.Client().WithBearer(Tokens.Mint(tenant.Tenant.Id, role));

        await (await person.PostJson($"/v1/content/{item.Id()}/drafts", new { })).AssertProblem(HttpStatusCode.Forbidden, ":forbidden");
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync($"/v1/content/{item.Id()}/drafts")).StatusCode);
    }
}
