using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace Serverless.Api.Tests.Features.PublicContent;

/// <summary>A secondary region refuses to start without a usable URL to redirect writes to.</summary>
public sealed class SecondaryRegionSettingsTests
{
    private const string Message = "Region:PrimaryApiUrl is required in a secondary region";

    [Theory]
    [InlineData("Production", null)]
    [InlineData("Production", "http://api.example.com/")]
    [InlineData("Production", "api.example.com")]
    [InlineData("Production", "https://api.example.com/?region=eu")]
    [InlineData("Development", null)]
    public void Secondary_WithoutAnAbsoluteHttpsPrimaryUrl_RefusesToStart(string environment, string? primaryApiUrl)
    {
        var failure = StartSecondary(environment, primaryApiUrl);

        Assert.NotNull(failure);
        Assert.Contains(Message, failure.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production", "https://api.example.com/")]
    [InlineData("Development", "http://127.0.0.1:5080/")]
    public void Secondary_WithAUsablePrimaryUrl_PassesThatCheck(string environment, string primaryApiUrl)
    {
        // Outside Development other settings (which these tests do not give) may still stop the host.
        var failure = StartSecondary(environment, primaryApiUrl);

        Assert.DoesNotContain(Message, failure?.ToString() ?? "", StringComparison.Ordinal);
    }

    private static Exception? StartSecondary(string environment, string? primaryApiUrl)
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(environment);
            web.UseSetting("Region:Current", "us-east-1");
            web.UseSetting("Region:Primary", "eu-west-1");
            web.UseSetting("Region:PrimaryApiUrl", primaryApiUrl);
            web.UseSetting("Region:ConsistencyKey", Convert.ToBase64String(new byte[32]));
            web.ConfigureLogging(l => l.ClearProviders());
        });
        try
        {
            _ = factory.Server;
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
