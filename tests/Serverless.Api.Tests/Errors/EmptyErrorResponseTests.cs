using System.Net;
using Serverless.Api.Tests.Support;

namespace Serverless.Api.Tests.Errors;

/// <summary>
/// An error answered with no body still reaches the caller as Problem Details (what status code pages did before
/// issue 17 replaced them with a middleware of ours), and a success is left exactly as the endpoint wrote it.
/// </summary>
public sealed class EmptyErrorResponseTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task AnUnknownPath_Is404ProblemDetails_NamingThePathAndTheRequestId()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/path");
        request.Headers.Add("x-request-id", "empty-404");

        var response = await api.Client().SendAsync(request);

        var problem = await response.AssertProblem(HttpStatusCode.NotFound, ":not-found");
        Assert.Equal("Not Found", problem.GetProperty("title").GetString());
        Assert.Equal("Nothing is here. Check the path and the id.", problem.GetProperty("detail").GetString());
        Assert.Equal("/no/such/path", problem.GetProperty("instance").GetString());
        Assert.Equal("empty-404", problem.GetProperty("requestId").GetString());
        Assert.Equal("empty-404", response.Headers.GetValues("x-request-id").Single());
        Assert.False(problem.TryGetProperty("traceId", out _));
    }

    [Fact]
    public async Task AMethodThePathDoesNotTake_Is405ProblemDetails()
    {
        var response = await api.Client().DeleteAsync("/health/live");

        var problem = await response.AssertProblem(HttpStatusCode.MethodNotAllowed, ":method-not-allowed");
        Assert.Equal("Method Not Allowed", problem.GetProperty("title").GetString());
        Assert.Equal("This path does not accept that method.", problem.GetProperty("detail").GetString());
        Assert.Equal("/health/live", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task ACallerThatAcceptsNoJson_GetsThePlainTextStatus()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/no/such/path");
        request.Headers.Add("Accept", "text/html");

        var response = await api.Client().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Status Code: 404; Not Found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ASuccess_IsLeftAsTheEndpointWroteIt()
    {
        var response = await api.Client().GetAsync("/health/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"live","checks":{}}""", await response.Content.ReadAsStringAsync());
    }
}
