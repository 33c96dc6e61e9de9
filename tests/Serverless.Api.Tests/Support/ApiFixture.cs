using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Testing;

namespace Serverless.Api.Tests.Support;

/// <summary>
/// The real API in process (WebApplicationFactory) over a fresh database on the local primary and
/// replica and the local Redis: one per test class. Tests create their own tenants, so they never
/// see each other's data.
/// </summary>
public class ApiFixture : IAsyncLifetime
{
    private WebApplicationFactory<Program> _factory = null!;

    public DatabaseFixture Db { get; private set; } = null!;

    public CapturedLogs Logs { get; } = new();

    public IServiceProvider Services => _factory.Services;

    /// <summary>Settings a test class may change (e.g. a shorter key cache).</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Db = await DatabaseFixture.CreateAsync("api");
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Database:Primary", Db.Database.Primary);
            web.UseSetting("Database:Replica", Db.Database.Replica);
            web.UseSetting("Redis:Configuration", LocalServices.Redis);
            foreach (var (key, value) in Settings)
            {
                web.UseSetting(key, value);
            }
            web.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(Logs));
            web.ConfigureServices(ConfigureServices);
        });
        _ = _factory.Server;
    }

    /// <summary>Services a test class replaces (e.g. a store on a fake clock); registered last, so they win.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public HttpClient Client(string? apiKey = null)
    {
        var client = _factory.CreateClient();
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }
        return client;
    }

    public async Task<(SeededTenant Tenant, HttpClient Client)> TenantAsync()
    {
        var tenant = await Db.Seeder.TenantWithKeyAsync();
        return (tenant, Client(tenant.ApiKey));
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await Db.DisposeAsync();
    }
}
