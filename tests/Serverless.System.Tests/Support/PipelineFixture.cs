extern alias worker;

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Aws.Jobs;
using Serverless.Core.Jobs;
using Serverless.Testing;
using worker::Serverless.Worker;
using worker::Serverless.Worker.Telemetry;

namespace Serverless.SystemTests.Support;

/// <summary>
/// The whole pipeline over real services: the API in process over a fresh database, fauxqs queues and a
/// dynalite table named for this test class (so classes never share them), a fake OpenAI-compatible
/// server over HTTP, and workers the tests start and stop. Settings are short so retries and visibility
/// timeouts pass in seconds; they are configuration, as in production, not special code paths.
/// </summary>
public class PipelineFixture : IAsyncLifetime
{
    private readonly string _prefix = $"t{Guid.NewGuid():N}"[..13];
    private WebApplicationFactory<Program> _api = null!;

    public DatabaseFixture Db { get; private set; } = null!;

    public FakeOpenAi Model { get; } = new();

    public string HighQueue => $"{_prefix}-high";

    public string LowQueue => $"{_prefix}-low";

    public AmazonSQSClient Sqs { get; } = new(new BasicAWSCredentials("test", "test"),
        new AmazonSQSConfig { ServiceURL = LocalServices.Sqs, AuthenticationRegion = "us-east-1" });

    public IServiceProvider ApiServices => _api.Services;

    /// <summary>Settings both the API and the workers read.</summary>
    public virtual Dictionary<string, string?> SharedSettings => new()
    {
        ["Database:Primary"] = Db.Database.Primary,
        ["Database:Replica"] = Db.Database.Replica,
        ["Redis:Configuration"] = LocalServices.Redis,
        ["Queues:ServiceUrl"] = LocalServices.Sqs,
        ["Queues:High"] = HighQueue,
        ["Queues:Low"] = LowQueue,
        ["Queues:MaxReceiveCount"] = "3",
        ["Worker:MaxAttempts"] = "3",
        ["Queues:VisibilityTimeoutSeconds"] = "6",
        ["Outbox:IntervalMilliseconds"] = "200",
        ["Idempotency:ServiceUrl"] = LocalServices.DynamoDb,
        ["Idempotency:Table"] = $"{_prefix}-idempotency",
        ["SecretsAtRest:Key"] = TestSecrets.Key,
    };

    /// <summary>A real loopback port for the API (Kestrel), for tests whose outside tools call it; null: in-memory.</summary>
    protected virtual int? ApiPort => null;

    /// <summary>What a test class changes for the API (e.g. an unreachable SQS).</summary>
    protected virtual Dictionary<string, string?> ApiSettings => [];

    /// <summary>The worker's settings: the fake model as the only provider, quick retries and timeouts.</summary>
    public Dictionary<string, string?> WorkerSettings(Dictionary<string, string?>? overrides = null)
    {
        var settings = SharedSettings;
        foreach (var (key, value) in new Dictionary<string, string?>
        {
            ["Worker:WaitSeconds"] = "1",
            ["Worker:InProgressSeconds"] = "6",
            ["Worker:RetryBaseSeconds"] = "1",
            ["Worker:RetryMaxSeconds"] = "2",
            // Tests run as "Testing" and some choose the offline model; say so, as a deployment would have to.
            ["Llm:AllowOffline"] = "true",
            ["Llm:Providers:0:Name"] = "fake",
            ["Llm:Providers:0:Kind"] = "openai",
            ["Llm:Providers:0:BaseUrl"] = Model.BaseUrl,
            ["Llm:Providers:0:Model"] = FakeOpenAi.Model,
            ["Llm:Providers:0:ApiKey"] = "sk-test",
            ["Llm:AttemptTimeoutSeconds"] = "5", // below SlowModelTests' 8 s delay; roomy enough for a loaded CI machine
            ["Llm:TotalTimeoutSeconds"] = "20",
            ["Llm:MaxRetries"] = "1",
            ["Llm:RetryDelaySeconds"] = "0.2",
            ["Llm:BreakerSamplingSeconds"] = "30",
            ["Llm:BreakerMinimumThroughput"] = "2",
            ["Llm:BreakerBreakSeconds"] = "3",
        })
        {
            settings[key] = value;
        }
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }
        return settings;
    }

    public virtual async Task InitializeAsync()
    {
        Db = await DatabaseFixture.CreateAsync("jobs");
        _api = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in SharedSettings.Concat(ApiSettings))
            {
                web.UseSetting(key, value);
            }
            web.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        });
        if (ApiPort is { } port)
        {
            _api.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
            _api.StartServer();
        }
        else
        {
            _ = _api.Server;
        }
    }

    /// <summary>A worker host, started; dispose it to stop it.</summary>
    public async Task<RunningWorker> StartWorkerAsync(Dictionary<string, string?>? overrides = null, ILoggerProvider? logs = null)
    {
        var host = BuildWorker(overrides, logs);
        await host.StartAsync();
        return new RunningWorker(host);
    }

    /// <summary>A worker host, built but not started (tests that call its handlers directly).</summary>
    public IHost BuildWorker(Dictionary<string, string?>? overrides = null, ILoggerProvider? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = "Testing",
            // An empty content root: no appsettings.json from some other project's output.
            ContentRootPath = Path.GetTempPath(),
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(WorkerSettings(overrides));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddWorker();
        builder.AddWorkerTelemetry();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        if (logs is not null)
        {
            // A test reading the worker's log lines sees Information too.
            builder.Logging.AddProvider(logs);
            builder.Logging.SetMinimumLevel(LogLevel.Information);
        }
        return builder.Build();
    }

    public HttpClient Client(string apiKey)
    {
        var client = _api.CreateClient();
        client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return client;
    }

    /// <summary>A tenant of the given tier with an API client, and one content item of theirs.</summary>
    public async Task<(HttpClient Client, Guid ContentId, Guid TenantId)> TenantWithItemAsync(string tier = "standard")
    {
        var tenant = await Db.Seeder.Tenants.CreateAsync($"t-{Guid.NewGuid():N}"[..20], "Jobs test tenant", tier, CancellationToken.None);
        var (_, key) = await Db.Seeder.Keys.IssueAsync(tenant.Id, "test", CancellationToken.None);
        var client = Client(key);
        var created = await client.PostAsJsonAsync("/v1/content", new
        {
            type = "article", slug = $"item-{Guid.NewGuid():N}"[..17], locale = "en", status = "draft",
            title = "Serverless on a budget", body = "Notes: cold starts, AOT, SQS.", attributes = new { },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var item = await created.Content.ReadFromJsonAsync<JsonElement>();
        return (client, item.GetProperty("id").GetGuid(), tenant.Id);
    }

    public static async Task<Guid> RequestDraftAsync(HttpClient client, Guid contentId, string? instructions = null)
    {
        var response = await client.PostAsJsonAsync($"/v1/content/{contentId}/drafts", new { instructions });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/v1/jobs/{body.GetProperty("jobId").GetGuid()}", response.Headers.Location?.OriginalString);
        return body.GetProperty("jobId").GetGuid();
    }

    public static async Task<JsonElement> JobAsync(HttpClient client, Guid jobId)
    {
        var response = await client.GetAsync($"/v1/jobs/{jobId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static Task<JsonElement> JobReachesAsync(HttpClient client, Guid jobId, string status, int timeoutSeconds = 60) =>
        Eventually.Until(() => JobAsync(client, jobId), j => j.GetProperty("status").GetString() == status, $"job {jobId} to be {status}", timeoutSeconds);

    /// <summary>
    /// A usable draft: generated, and since review (issue 5) was added, already routed into review or
    /// auto-approved; never failed.
    /// </summary>
    public static void AssertUsable(JsonElement draft) =>
        Assert.Contains(draft.GetProperty("status").GetString(), new[] { "generated", "in_review", "approved" });

    public static async Task<JsonElement[]> DraftsAsync(HttpClient client, Guid contentId)
    {
        var response = await client.GetAsync($"/v1/content/{contentId}/drafts");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()];
    }

    /// <summary>The real queue URLs, resolved (and created) straight against fauxqs, whatever the API is pointed at.</summary>
    public Task<QueueAddress> QueueAsync(JobPriority priority) =>
        new QueueDirectory(new Lazy<IAmazonSQS>(Sqs), Options.Create(new QueueOptions
        {
            High = HighQueue, Low = LowQueue, Provision = true,
            MaxReceiveCount = int.Parse(SharedSettings["Queues:MaxReceiveCount"]!, System.Globalization.CultureInfo.InvariantCulture),
            VisibilityTimeoutSeconds = 6,
        })).ResolveAsync(priority, CancellationToken.None);

    /// <summary>Messages waiting, delayed or in flight in a queue.</summary>
    public async Task<int> MessagesInAsync(string url)
    {
        var attributes = await Sqs.GetQueueAttributesAsync(url, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"]);
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible + attributes.ApproximateNumberOfMessagesDelayed;
    }

    /// <summary>The configuration the operator CLI would read for these queues.</summary>
    public IConfiguration CliConfiguration => new ConfigurationBuilder().AddInMemoryCollection(SharedSettings).Build();

    public virtual async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        foreach (var priority in new[] { JobPriority.High, JobPriority.Low })
        {
            try
            {
                var address = await QueueAsync(priority);
                await Sqs.DeleteQueueAsync(address.Url);
                await Sqs.DeleteQueueAsync(address.DeadLetterUrl);
            }
            catch (Exception e) when (e is AmazonServiceException or HttpRequestException or ObjectDisposedException)
            {
                // Best effort: the emulator's state is thrown away with ./dev services anyway.
            }
        }
        Sqs.Dispose();
        Model.Dispose();
        await Db.DisposeAsync();
    }
}
