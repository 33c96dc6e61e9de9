using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Serverless.Core.Budgets;
using Serverless.Core.Data;
using Serverless.Core.Data.Migrations;
using Serverless.Core.Drafts;
using Serverless.Core.Routing;
using Serverless.Llm;
using Serverless.Llm.Caching;
using Serverless.Llm.Pricing;
using StackExchange.Redis;

// What the budget and the caches add to one call in the worker's pipeline order (router → cache ledger →
// exact → semantic → budget → provider), against the ./dev PostgreSQL and Redis, over a provider that answers
// at once. A database of its own is made (and dropped) for it; its data source is built as the worker builds
// its own (Databases.Create: no pool reset). In process, 5 warm-up and 30 measured iterations; the baseline
// (one SELECT 1) runs in the same process, so the ratios hold up better than the means on a loaded machine.
// Round trips and CPU per call: bench/llm-cache/run.sh --probe (Probe.cs).
[MemoryDiagnoser]
[InProcess]
[WarmupCount(5)]
[IterationCount(30)]
public class BudgetOverhead
{
    private readonly ChatMessage _system = new(ChatRole.System, string.Concat(Enumerable.Repeat("You write first drafts for a content team. Follow the house style. ", 30)));
    private string _database = null!;
    private string _server = null!;
    private NpgsqlDataSource _app = null!;
    private Databases _databases = null!;
    private readonly InstantProvider _provider = new();
    private readonly TokenCounter _tokens = new();
    private ConnectionMultiplexer _redis = null!;
    private ServiceProvider _services = null!;
    private IChatClient _budgetOnly = null!;
    private IChatClient _pipeline = null!;
    private Guid _tenant;
    private readonly Guid _job = Guid.CreateVersion7();
    private long _counter;

    [GlobalSetup]
    public async Task Setup()
    {
        _server = Environment.GetEnvironmentVariable("Database__Admin") ?? "Host=127.0.0.1;Port=15432;Username=postgres;Database=postgres";
        var server = new NpgsqlConnectionStringBuilder(_server) { Database = "postgres" };
        _database = $"bench_budget_{Guid.NewGuid():N}"[..30];
        await using (var admin = NpgsqlDataSource.Create(server.ConnectionString))
        {
            await using var create = admin.CreateCommand($"CREATE DATABASE \"{_database}\"");
            await create.ExecuteNonQueryAsync();
        }
        var adminDb = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = _database }.ConnectionString;
        await Migrator.MigrateAsync(adminDb);
        _tenant = Guid.CreateVersion7();
        await using (var admin = NpgsqlDataSource.Create(adminDb))
        {
            await using var tenant = admin.CreateCommand("INSERT INTO tenants (id, slug, name) VALUES ($1, 'bench', 'Bench')");
            tenant.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = _tenant });
            await tenant.ExecuteNonQueryAsync();
        }
        await using (var admin = NpgsqlDataSource.Create(adminDb))
        {
            // A stand-in for the job row a draft's completion marks succeeded (jobs needs a content item, a queue...).
            await using var jobs = admin.CreateCommand("""
                CREATE TABLE bench_jobs (id uuid PRIMARY KEY, status text NOT NULL, completed_at timestamptz);
                GRANT SELECT, INSERT, UPDATE ON bench_jobs TO serverless_app;
                """);
            await jobs.ExecuteNonQueryAsync();
            await using var job = admin.CreateCommand("INSERT INTO bench_jobs (id, status) VALUES ($1, 'running')");
            job.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = _job });
            await job.ExecuteNonQueryAsync();
        }
        AdminConnectionString = adminDb;
        // As the worker builds it (no DISCARD ALL on checkout), not a bare data source.
        _databases = Databases.Create(new DatabaseOptions { Primary = new NpgsqlConnectionStringBuilder(adminDb) { Username = "serverless_app" }.ConnectionString });
        _app = _databases.Primary;
        var ledger = new BudgetLedger(_databases, TimeProvider.System);
        // A budget far from its limit: every call reserves and settles against it.
        await ledger.SetAsync(_tenant, Budget.AllFeatures, tokenLimit: 1_000_000_000_000, costLimitMicros: 1_000_000_000_000, null, WhenExhausted.Refuse, default);

        _redis = await ConnectionMultiplexer.ConnectAsync(Environment.GetEnvironmentVariable("Redis__Configuration") ?? "127.0.0.1:16379");
        var services = new ServiceCollection();
        services.AddSingleton<IConnectionMultiplexer>(_redis);
        services.AddMetrics();
        services.AddLlmCaching();
        _services = services.BuildServiceProvider();

        var pricing = new PriceTableCallPricing(PriceTable.Default, "openai");
        var budget = new BudgetChatClient(_provider, ledger, pricing, _tokens, TimeProvider.System, new NoWarnings(), 1200);
        _budgetOnly = budget;
        var routing = new RoutingOptions();
        var settings = new TenantLlmSettings(_databases, TimeProvider.System, routing);
        // The worker's order (Serverless.Worker/Llm/LlmServiceCollectionExtensions): the router outside the caches.
        _pipeline = new TaskRoutingChatClient(
            new ChatClientBuilder(budget)
                .Use((inner, sp) => new CacheLedgerChatClient(inner, ledger, pricing, settings, TimeProvider.System, tier => tier ?? "gpt-4o-mini",
                    NullLogger<CacheLedgerChatClient>.Instance))
                .UseLlmCaches()
                .Build(_services),
            routing, new TenantRoutes(_databases, TimeProvider.System, routing), _tokens, NullLogger<TaskRoutingChatClient>.Instance);
        // The entry every "hit" call finds.
        await _pipeline.GetResponseAsync(Messages("Write a guide to budgeting for students"), Options("warm"));
        if (CacheHit.From(await PipelineExactHit()) is null)
        {
            throw new InvalidOperationException("the hit benchmark would not measure hits");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _services.DisposeAsync();
        await _redis.DisposeAsync();
        await _databases.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        var server = new NpgsqlConnectionStringBuilder(_server) { Database = "postgres" };
        await using var admin = NpgsqlDataSource.Create(server.ConnectionString);
        await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>The benchmark's own database, as its owner (the probe reads pg_stat_statements through it).</summary>
    internal string AdminConnectionString { get; private set; } = "";

    private ChatMessage[] Messages(string brief) => [_system, new(ChatRole.User, brief)];

    private ChatOptions Options(string usage, PendingSettlements? settlements = null)
    {
        var options = new ChatOptions { ModelId = "gpt-4o-mini", Temperature = 0.2f, MaxOutputTokens = 1200 };
        new LlmCall(_tenant, "drafts.generate", usage) { PromptVersion = "content.draft:1", Locale = "en-GB", Settlements = settlements }.AttachTo(options);
        return options;
    }

    public async Task<object?> PostgresRoundTrip()
    {
        await using var select = _app.CreateCommand("SELECT 1");
        return await select.ExecuteScalarAsync();
    }

    public Task<ChatResponse> ProviderAlone() =>
        _provider.GetResponseAsync(Messages("Write a guide to budgeting for students"), Options($"p-{Interlocked.Increment(ref _counter)}"));

    // Each benchmark below makes Calls calls one after another and awaits each, as the worker does. BenchmarkDotNet
    // waits for an invocation's task by blocking its thread (spinning first); once per call, on 2 shared cores, that
    // took a core from the servers being measured. Once per Calls calls it is amortised. The single calls are the
    // probe's paths.
    private const int Calls = 16;

    [Benchmark(Baseline = true, OperationsPerInvoke = Calls, Description = "reference: one PostgreSQL round trip (SELECT 1)")]
    public Task SelectOne() => Sequential(PostgresRoundTrip);

    [Benchmark(OperationsPerInvoke = Calls, Description = "the provider fake alone (what every pipeline row includes)")]
    public Task Provider() => Sequential(ProviderAlone);

    [Benchmark(OperationsPerInvoke = Calls, Description = "budget only: count tokens, reserve, provider, settle")]
    public Task BudgetOnly() => Sequential(BudgetAroundProvider);

    [Benchmark(OperationsPerInvoke = Calls, Description = "pipeline, exact hit: route, key, Redis GET, ledger hit row; no reserve")]
    public Task ExactHit() => Sequential(PipelineExactHit);

    [Benchmark(OperationsPerInvoke = Calls, Description = "pipeline, miss: route, key, GET, reserve, provider, settle, SET")]
    public Task Miss() => Sequential(PipelineMiss);

    private static async Task Sequential<T>(Func<Task<T>> call)
    {
        for (var i = 0; i < Calls; i++)
        {
            await call();
        }
    }

    [Benchmark(Description = "count the prompt's tokens (o200k, 2 KB system prompt + brief)")]
    public long CountPromptTokens() => Messages("Write a guide to budgeting for students").Sum(m => (long)_tokens.Count(m.Text));

    public Task<ChatResponse> BudgetAroundProvider() =>
        _budgetOnly.GetResponseAsync(Messages("Write a guide to budgeting for students"), Options($"b-{Interlocked.Increment(ref _counter)}"));

    public Task<ChatResponse> PipelineExactHit() =>
        _pipeline.GetResponseAsync(Messages("Write a guide to budgeting for students"), Options($"h-{Interlocked.Increment(ref _counter)}"));

    public Task<ChatResponse> PipelineMiss()
    {
        var n = Interlocked.Increment(ref _counter);
        return _pipeline.GetResponseAsync(Messages($"Write a guide to budgeting for students, part {n}"), Options($"m-{n}"));
    }

    /// <summary>
    /// The call's path as a draft job runs it: the settlement is handed to the job (LlmCall.Settlements) and not made
    /// here. Its holds are left in place (the budget is far from its limit); see <see cref="JobMissHandedOver"/>.
    /// </summary>
    public Task<ChatResponse> PipelineMissHandedOver()
    {
        var n = Interlocked.Increment(ref _counter);
        return _pipeline.GetResponseAsync(Messages($"Write a guide to budgeting for students, part {n}"), Options($"o-{n}", new PendingSettlements()));
    }

    /// <summary>A miss as a job had it before: the call settles inline, then the job's completion is a transaction of its own.</summary>
    public async Task<bool> JobMissSettledInline()
    {
        await PipelineMiss();
        return await CompleteJobAsync(null);
    }

    /// <summary>A miss as a job has it now: the call hands its settlement over, the completion transaction settles it.</summary>
    public async Task<bool> JobMissHandedOver()
    {
        var n = Interlocked.Increment(ref _counter);
        var pending = new PendingSettlements();
        await _pipeline.GetResponseAsync(Messages($"Write a guide to budgeting for students, part {n}"), Options($"j-{n}", pending));
        return await CompleteJobAsync(pending);
    }

    /// <summary>The shape of ReviewIntake.StoreDraftAsync's transaction, with one statement standing in for its writes.</summary>
    private async Task<bool> CompleteJobAsync(PendingSettlements? pending)
    {
        await using var session = await TenantSession.BeginAsync(_databases, DataSourceKind.Primary, _tenant, "bench.complete", default);
        var complete = new NpgsqlBatchCommand("UPDATE bench_jobs SET status = 'succeeded', completed_at = now() WHERE id = $1");
        complete.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = _job });
        var settled = await BudgetLedger.SettleWithinAsync(session, _tenant, pending, complete, default);
        await session.CommitAsync(default);
        pending?.Settled(settled);
        return pending is null || pending.Count == 0 ? true : throw new InvalidOperationException("a settlement was left pending");
    }

    [Benchmark(OperationsPerInvoke = Calls, Description = "pipeline, miss, settlement handed to the job (the call's path)")]
    public Task MissHandedOver() => Sequential(PipelineMissHandedOver);

    [Benchmark(OperationsPerInvoke = Calls, Description = "job: miss settled inline + its completion transaction")]
    public Task JobInline() => Sequential(JobMissSettledInline);

    [Benchmark(OperationsPerInvoke = Calls, Description = "job: miss handed over + completion transaction settling it")]
    public Task JobHandedOver() => Sequential(JobMissHandedOver);

    private sealed class NoWarnings : IBudgetWarnings
    {
        public void Crossed(BudgetWarning warning)
        {
        }

        public void Refused(LlmCall call, BudgetRefusal refusal)
        {
        }
    }
}
