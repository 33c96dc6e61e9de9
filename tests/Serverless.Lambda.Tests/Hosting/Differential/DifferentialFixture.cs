using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serverless.Lambda.Tests.Support;

namespace Serverless.Lambda.Tests.Hosting.Differential;

/// <summary>The same echo app twice: on Kestrel (port 0) and on the Lambda server behind the emulator.</summary>
public sealed class DifferentialFixture : IAsyncLifetime
{
    private WebApplication? _kestrel;

    public ViewRecorder Recorder { get; } = new();

    public int KestrelPort { get; private set; }

    public LambdaTestHost Lambda { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        EchoApp.AddServices(builder.Services);
        _kestrel = builder.Build();
        EchoApp.Configure(_kestrel, Recorder);
        await _kestrel.StartAsync();
        var address = _kestrel.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        KestrelPort = new Uri(address).Port;

        Lambda = await LambdaTestHost.StartAsync(b => EchoApp.AddServices(b.Services), app => EchoApp.Configure(app, Recorder));
    }

    public async Task DisposeAsync()
    {
        await Lambda.DisposeAsync();
        if (_kestrel is not null)
        {
            await _kestrel.StopAsync();
            await _kestrel.DisposeAsync();
        }
    }
}
