using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Serverless.Core.Budgets;
using Serverless.SystemTests.Support;

namespace Serverless.SystemTests.Pipeline;

/// <summary>
/// The budget cannot be overrun by draft jobs running at once: 50 jobs over two workers against a budget
/// that fits the worst case of 10 calls. The ledger is sampled from outside while they run.
/// </summary>
public sealed class BudgetConcurrencyTests(ShortAnswersPipelineFixture fx) : IClassFixture<ShortAnswersPipelineFixture>
{
    private const int Jobs = 50;
    private const int Fits = 10;

    /// <summary>
    /// The caches are off here: identical requests would be hits, which spend nothing, and this test is about
    /// spend. Answers are short (the fixture's MaxOutputTokens, for the API too) so a reservation's worst case is
    /// small; calls take a while so they overlap.
    /// </summary>
    private static Dictionary<string, string?> Settings => new()
    {
        ["Llm:ExactCache:Enabled"] = "false",
        ["Worker:HighConcurrency"] = "8",
    };

    [Fact]
    public async Task Fifty_concurrent_draft_jobs_never_take_the_ledger_past_the_limit_and_settle_exactly()
    {
        fx.Model.Answers(delay: TimeSpan.FromMilliseconds(300));
        var worstCase = await WorstCaseOfOneDraftAsync();
        var (client, firstItem, tenantId) = await fx.TenantWithItemAsync();
        var limit = Fits * worstCase;
        await new BudgetLedger(fx.Db.App, TimeProvider.System).SetAsync(tenantId, Budget.AllFeatures, tokenLimit: limit, null, null, WhenExhausted.Refuse, default);
        var items = new List<Guid> { firstItem };
        while (items.Count < Jobs)
        {
            items.Add(await SameItemAgainAsync(client));
        }
        foreach (var item in items)
        {
            await PipelineFixture.RequestDraftAsync(client, item);
        }
        var callsBefore = fx.Model.Calls;

        using var stop = new CancellationTokenSource();
        var samples = new ConcurrentBag<long>();
        var sampler = Task.Run(() => SampleAsync(tenantId, samples, stop.Token));
        await using (var one = await fx.StartWorkerAsync(Settings))
        await using (var two = await fx.StartWorkerAsync(Settings))
        {
            // Read from the database, not the API: polling 50 jobs would spend the tenant's request quota.
            await Eventually.Until(
                () => StatusesAsync(tenantId),
                all => all.Count == Jobs && all.All(s => s is "succeeded" or "budget_exhausted"),
                "every job to succeed or end budget_exhausted", timeoutSeconds: 180);
        }
        await stop.CancelAsync();
        await sampler;

        // Never over, at any sample taken while the jobs ran.
        Assert.NotEmpty(samples);
        Assert.All(samples, used => Assert.InRange(used, 0, limit));
        // Settled exactly: nothing held, and what is settled is what the provider reported for the calls made.
        var (reserved, settled) = await PeriodAsync(tenantId);
        var statuses = await StatusesAsync(tenantId);
        var succeeded = statuses.Count(s => s == "succeeded");
        var calls = fx.Model.Calls - callsBefore;
        Assert.Equal(0, reserved);
        Assert.Equal(calls, succeeded);
        Assert.Equal(150L * calls, settled);
        Assert.Equal(settled, await SettledUsageAsync(tenantId));
        // The worst case of 10 always fits; the provider used less than reserved, so a few more may; not all.
        Assert.InRange(succeeded, Fits, Jobs - 1);
        Assert.Equal(Jobs - succeeded, statuses.Count(s => s == "budget_exhausted"));
    }

    /// <summary>The tokens one draft of the fixture's item reserves (prompt counted + max output), measured in a tenant of its own.</summary>
    private async Task<long> WorstCaseOfOneDraftAsync()
    {
        var (client, item, tenantId) = await fx.TenantWithItemAsync();
        await using (var worker = await fx.StartWorkerAsync(Settings))
        {
            await PipelineFixture.JobReachesAsync(client, await PipelineFixture.RequestDraftAsync(client, item), "succeeded");
        }
        await using var data = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        await using var select = data.CreateCommand("SELECT reserved_tokens FROM llm_usage WHERE tenant_id = $1");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        return (long)(await select.ExecuteScalarAsync())!;
    }

    /// <summary>Another item with the same title and body as the fixture's, so every draft's prompt is the same size.</summary>
    private static async Task<Guid> SameItemAgainAsync(HttpClient client)
    {
        var created = await client.PostAsJsonAsync("/v1/content", new
        {
            type = "article", slug = $"item-{Guid.NewGuid():N}"[..17], locale = "en", status = "draft",
            title = "Serverless on a budget", body = "Notes: cold starts, AOT, SQS.", attributes = new { },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Settled + reserved of the tenant's period, read as an operator would, until stopped.</summary>
    private async Task SampleAsync(Guid tenantId, ConcurrentBag<long> samples, CancellationToken stop)
    {
        await using var data = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        while (!stop.IsCancellationRequested)
        {
            await using var select = data.CreateCommand("SELECT settled_tokens + reserved_tokens FROM llm_budget_periods WHERE tenant_id = $1");
            select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
            if (await select.ExecuteScalarAsync(CancellationToken.None) is long used)
            {
                samples.Add(used);
            }
            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<List<string>> StatusesAsync(Guid tenantId)
    {
        await using var data = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        await using var select = data.CreateCommand("SELECT status FROM jobs WHERE tenant_id = $1");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        var statuses = new List<string>();
        await using var r = await select.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            statuses.Add(r.GetString(0));
        }
        return statuses;
    }

    private async Task<(long Reserved, long Settled)> PeriodAsync(Guid tenantId)
    {
        await using var data = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        await using var select = data.CreateCommand("SELECT reserved_tokens, settled_tokens FROM llm_budget_periods WHERE tenant_id = $1");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        await using var r = await select.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        return (r.GetInt64(0), r.GetInt64(1));
    }

    private async Task<long> SettledUsageAsync(Guid tenantId)
    {
        await using var data = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        await using var select = data.CreateCommand("SELECT COALESCE(sum(input_tokens + output_tokens), 0)::bigint FROM llm_usage WHERE tenant_id = $1 AND state = 'settled'");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        return (long)(await select.ExecuteScalarAsync())!;
    }
}
