using System.Net.Http.Json;

namespace Serverless.SystemTests.Support;

/// <summary>
/// The pipeline as Prometheus sees it: the API on a real loopback port (its <c>/metrics</c>), a worker serving
/// <c>/metrics</c> on its own port with quick queue samples, and some traffic through both.
/// </summary>
public sealed class MonitoredPipelineFixture : PipelineFixture
{
    public int ApiMetricsPort { get; } = FreePort.Next();

    public int WorkerMetricsPort { get; } = FreePort.Next();

    public RunningWorker Worker { get; private set; } = null!;

    protected override int? ApiPort => ApiMetricsPort;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Model.Answers();
        Worker = await StartWorkerAsync(new()
        {
            ["Telemetry:MetricsPort"] = WorkerMetricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Telemetry:QueueSampleSeconds"] = "1",
        });
        await DriveTrafficAsync();
    }

    /// <summary>Tenant API calls, a draft through the queue and the model, and public reads (found and not).</summary>
    public async Task DriveTrafficAsync()
    {
        var (client, contentId, _) = await TenantWithItemAsync();
        var jobId = await RequestDraftAsync(client, contentId);
        await JobReachesAsync(client, jobId, "succeeded");
        await client.GetAsync("/v1/content?limit=5");
        await client.GetAsync($"/v1/content/{contentId}");
        await client.GetAsync($"/v1/content/{Guid.NewGuid()}");
        using var anonymous = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ApiMetricsPort}") };
        for (var i = 0; i < 5; i++)
        {
            await anonymous.GetAsync("/public/nobody/article/nothing-here?locale=en");
        }
        await client.PostAsJsonAsync("/v1/content", new { type = "article" });
    }

    public override async Task DisposeAsync()
    {
        await Worker.DisposeAsync();
        await base.DisposeAsync();
    }
}
