extern alias worker;

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Serverless.Core.Budgets;
using Serverless.Core.Jobs;
using Serverless.SystemTests.Support;
using Serverless.Testing;
using worker::Serverless.Worker.Jobs;
using worker::Serverless.Worker.Llm;

namespace Serverless.SystemTests.Pipeline;

/// <summary>
/// The database goes away while a draft's model call is out, so neither the job's completion nor the settle after it
/// can record what the call spent. The spend is kept and recorded once the database is back; a retry of the job,
/// answered by the cache, would not record it.
/// </summary>
public sealed class LateSettlementTests(PipelineFixture fx) : IClassFixture<PipelineFixture>, IAsyncLifetime
{
    private readonly TcpProxy _primary = new(new NpgsqlConnectionStringBuilder(fx.Db.Database.Primary).Port);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _primary.DisposeAsync();

    private BudgetLedger Ledger => new(fx.Db.App, TimeProvider.System);

    [Fact]
    public async Task A_calls_spend_is_recorded_when_the_database_comes_back_after_its_job_failed_to_record_it()
    {
        fx.Model.Answers(delay: TimeSpan.FromSeconds(2));
        var (client, contentId, tenantId) = await fx.TenantWithItemAsync();
        await Ledger.SetAsync(tenantId, Budget.AllFeatures, tokenLimit: 1_000_000, null, null, WhenExhausted.Refuse, default);
        var jobId = await PipelineFixture.RequestDraftAsync(client, contentId);
        var job = JsonSerializer.Deserialize(await Envelopes.OfAsync(fx.Db.Database.Admin, jobId), JobJsonContext.Default.JobEnvelope)!;
        // The worker reaches the primary through a proxy the test cuts; nothing is started: the test runs its handler.
        var primary = new NpgsqlConnectionStringBuilder(fx.Db.Database.Primary) { Port = _primary.Port, Pooling = true }.ConnectionString;
        using var worker = fx.BuildWorker(new() { ["Database:Primary"] = primary });
        var handler = worker.Services.GetServices<IJobHandler>().Single(h => h.Type == JobTypes.ContentDraft);
        var late = worker.Services.GetRequiredService<LateSettlements>();
        var calls = fx.Model.Calls;

        var running = handler.HandleAsync(job, new JobDelivery("message-1", 1), CancellationToken.None);
        await Eventually.Until(() => Task.FromResult(fx.Model.Calls), n => n > calls, "the model call to go out");
        _primary.Cut();
        await Assert.ThrowsAnyAsync<Exception>(() => running);

        Assert.Equal(1, late.Count);
        Assert.Equal((0L, 1L), await UsageAsync(tenantId));

        await _primary.RestoreAsync();
        await Eventually.Until(
            async () => { await worker.Services.GetRequiredService<BudgetSweeper>().SweepOnceAsync(CancellationToken.None); return late.Count; },
            n => n == 0, "the kept settlement to be recorded");

        // The fake provider reports 120 prompt and 30 completion tokens; the hold is given back.
        var status = Assert.Single(await Ledger.StatusAsync(tenantId, "drafts.generate", default));
        Assert.Equal((150L, 0L), (status.SettledTokens, status.ReservedTokens));
        Assert.Equal((1L, 0L), await UsageAsync(tenantId));
    }

    /// <summary>The tenant's usage rows: (settled, still reserved).</summary>
    private async Task<(long Settled, long Reserved)> UsageAsync(Guid tenantId)
    {
        await using var data = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        await using var select = data.CreateCommand("""
            SELECT count(*) FILTER (WHERE state = 'settled'), count(*) FILTER (WHERE state = 'reserved')
              FROM llm_usage WHERE tenant_id = $1
            """);
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        await using var r = await select.ExecuteReaderAsync();
        await r.ReadAsync();
        return (r.GetInt64(0), r.GetInt64(1));
    }
}
