using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using Serverless.Testing;

namespace Serverless.Console.Tests.Support;

/// <summary>
/// The real API on a real loopback port (a browser cannot reach WebApplicationFactory's in-memory server)
/// over a fresh database, and one Debian Chromium driven by Playwright for the whole test class.
/// Never a downloaded browser: the executable path is fixed, and background networking is off.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = null!;
    private IPlaywright _playwright = null!;

    public DatabaseFixture Db { get; private set; } = null!;

    public DraftSeeder Drafts => new(Db.App, Db.Database.Admin);

    public IBrowser Browser { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public static string Screenshots { get; } = Path.Combine(RepositoryRoot(), ".local", "test-results", "screenshots");

    public async Task InitializeAsync()
    {
        Db = await DatabaseFixture.CreateAsync("console");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Database:Primary", Db.Database.Primary);
            web.UseSetting("Database:Replica", Db.Database.Replica);
            web.UseSetting("Redis:Configuration", LocalServices.Redis);
            web.ConfigureLogging(l => l.ClearProviders());
        });
        _factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        Address = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            ],
        });
        Directory.CreateDirectory(Screenshots);
        Assertions.SetDefaultExpectTimeout(10_000);
    }

    /// <summary>A fresh browser context (no stored token) on the console.</summary>
    public async Task<IPage> OpenConsoleAsync(string fragment = "")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 1000 } });
        // A failing step should fail in seconds, not hold the suite for Playwright's default 30.
        context.SetDefaultTimeout(10_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(Address, "/console/" + fragment).ToString());
        return page;
    }

    /// <summary>The API as a person of a tenant calls it, for checking what the console did.</summary>
    public HttpClient Api(Guid tenantId, string role, string subject = "checker")
    {
        var client = new HttpClient { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", PeopleTokens.Mint(tenantId, role, subject));
        return client;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _factory.DisposeAsync();
        await Db.DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
