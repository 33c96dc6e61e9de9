using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Testing;

namespace Serverless.Api.Tests.Features.PublicContent.Support;

/// <summary>
/// One running instance of the real API over a given database, with settings of its own: several
/// of them over one database play several instances or regions. With <c>kestrel</c> it listens on a
/// real loopback port, so another instance can call it over HTTP.
/// </summary>
public sealed class ApiHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    public ApiHost(DatabaseFixture db, IReadOnlyDictionary<string, string?>? settings = null, bool kestrel = false)
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Database:Primary", db.Database.Primary);
            web.UseSetting("Database:Replica", db.Database.Replica);
            web.UseSetting("Redis:Configuration", LocalServices.Redis);
            web.UseSetting("Logging:LogLevel:Default", "Warning");
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                web.UseSetting(key, value);
            }
            web.ConfigureLogging(l => l.ClearProviders());
            if (kestrel)
            {
                // A free port of the kernel's choosing: several hosts (regions) listen side by side.
                web.UseUrls("http://127.0.0.1:0");
            }
        });
        if (kestrel)
        {
            _factory.UseKestrel(0);
            _factory.StartServer();
            Address = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }
        else
        {
            _ = _factory.Server;
        }
    }

    /// <summary>The loopback address, when the host runs on Kestrel.</summary>
    public Uri? Address { get; }

    public IServiceProvider Services => _factory.Services;

    public T Service<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    /// <param name="followRedirects">False to see a redirect itself rather than where it leads.</param>
    public HttpClient Client(string? apiKey = null, bool followRedirects = true)
    {
        var client = Address is null
            ? _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = followRedirects })
            : new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = followRedirects }) { BaseAddress = Address };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }
        return client;
    }

    public ValueTask DisposeAsync() => _factory.DisposeAsync();
}
