using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Npgsql;
using Serverless.Core.Budgets;
using Serverless.Core.Secrets;
using Serverless.SystemTests.Support;
using Serverless.Testing;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Serverless.SystemTests.Pipeline;

/// <summary>
/// A crossed warning threshold is posted to the tenant's webhook (a local HTTP receiver here): once per
/// period, signed with the tenant's secret, retried after a failure, away from the model call.
/// </summary>
public sealed class BudgetWebhookTests(PipelineFixture fx) : IClassFixture<PipelineFixture>
{
    private sealed record Received(string Body, string? Id, string? Signature);

    [Fact]
    public async Task A_crossed_threshold_is_posted_once_signed_and_retried_after_the_receiver_failed()
    {
        fx.Model.Answers();
        using var receiver = WireMockServer.Start();
        var received = new ConcurrentQueue<Received>();
        receiver.Given(Request.Create().WithPath("/hooks/budget").UsingPost()).RespondWith(Response.Create().WithCallback(request =>
        {
            received.Enqueue(new Received(request.Body ?? "", Header(request, "Serverless-Webhook-Id"), Header(request, "Serverless-Signature")));
            // The first attempt fails: the dispatcher must try again.
            return new ResponseMessage { StatusCode = received.Count == 1 ? 500 : 204 };
        }));
        var (client, contentId, tenantId) = await fx.TenantWithItemAsync();
        var ledger = new BudgetLedger(fx.Db.App, TimeProvider.System);
        var budget = await ledger.SetAsync(tenantId, Budget.AllFeatures, tokenLimit: 10_000, null, [1, 90], WhenExhausted.Refuse, default);
        var secret = await new BudgetWebhooks(fx.Db.App, TestSecrets.Sealer).SetAsync(tenantId, new Uri($"{receiver.Url}/hooks/budget"), default);
        await using var worker = await fx.StartWorkerAsync(new() { ["Budgets:WebhookRetryBaseSeconds"] = "0.5", ["Budgets:WebhookEverySeconds"] = "1" });

        // 150 tokens of 10,000 (a call reserves ~4,200 and settles 150): the 1 % threshold is crossed.
        await PipelineFixture.JobReachesAsync(client, await PipelineFixture.RequestDraftAsync(client, contentId, "First."), "succeeded");
        await Eventually.Until(() => DeliveryAsync(tenantId), d => d?.State == "delivered", "the warning to be delivered");
        // 300 of 10,000: nothing new crossed, and 1 % is not sent again.
        await PipelineFixture.JobReachesAsync(client, await PipelineFixture.RequestDraftAsync(client, contentId, "Second."), "succeeded");

        var delivery = (await DeliveryAsync(tenantId))!;
        Assert.Equal(("delivered", 2, 1), (delivery.State, delivery.Attempts, delivery.Percent));
        Assert.Equal(2, received.Count);
        Assert.All(received, r =>
        {
            Assert.Equal(delivery.Id.ToString(), r.Id);
            Assert.Equal(received.First().Body, r.Body);
            Assert.True(SignatureHolds(secret, r.Body, r.Signature), $"signature {r.Signature} does not match the body");
        });
        using var body = JsonDocument.Parse(received.First().Body);
        Assert.Equal("budget.threshold_reached", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(tenantId, body.RootElement.GetProperty("tenantId").GetGuid());
        Assert.Equal(budget.Id, body.RootElement.GetProperty("budgetId").GetGuid());
        Assert.Equal(1, body.RootElement.GetProperty("percent").GetInt32());
        Assert.Equal(150, body.RootElement.GetProperty("settledTokens").GetInt64());
        Assert.Equal(10_000, body.RootElement.GetProperty("tokenLimit").GetInt64());
    }

    [Fact]
    public async Task A_secret_sealed_with_a_key_the_worker_does_not_hold_is_never_sent_unsigned_and_is_retried_naming_the_reason()
    {
        fx.Model.Answers();
        using var receiver = WireMockServer.Start();
        receiver.Given(Request.Create().WithPath("/hooks/budget").UsingPost()).RespondWith(Response.Create().WithStatusCode(204));
        var (client, contentId, tenantId) = await fx.TenantWithItemAsync();
        await new BudgetLedger(fx.Db.App, TimeProvider.System).SetAsync(tenantId, Budget.AllFeatures, tokenLimit: 10_000, null, [1], WhenExhausted.Refuse, default);
        // Sealed with a key that is not the worker's (a rotation whose previous key never reached the worker).
        var otherKey = new SecretSealer(new SecretsAtRestOptions { Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) });
        await new BudgetWebhooks(fx.Db.App, otherKey).SetAsync(tenantId, new Uri($"{receiver.Url}/hooks/budget"), default);
        await using var worker = await fx.StartWorkerAsync(new() { ["Budgets:WebhookRetryBaseSeconds"] = "0.5", ["Budgets:WebhookEverySeconds"] = "1" });

        await PipelineFixture.JobReachesAsync(client, await PipelineFixture.RequestDraftAsync(client, contentId, "First."), "succeeded");
        var delivery = await Eventually.Until(() => DeliveryAsync(tenantId), d => d?.Attempts >= 2, "two attempts at the warning");

        Assert.Equal("pending", delivery!.State);
        Assert.Contains("does not hold", await LastErrorAsync(delivery.Id), StringComparison.Ordinal);
        Assert.Empty(receiver.LogEntries);
    }

    private async Task<string> LastErrorAsync(Guid deliveryId)
    {
        await using var data = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        await using var select = data.CreateCommand("SELECT coalesce(last_error, '') FROM budget_webhook_deliveries WHERE id = $1");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = deliveryId });
        return (string)(await select.ExecuteScalarAsync())!;
    }

    /// <summary>What a receiver does: HMAC-SHA256 over "t.body" with the secret, compared with v1.</summary>
    private static bool SignatureHolds(string secret, string body, string? header)
    {
        var parts = (header ?? "").Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1) || !long.TryParse(t, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(v1));
    }

    private static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private sealed record DeliveryRow(Guid Id, string State, int Attempts, int Percent);

    private async Task<DeliveryRow?> DeliveryAsync(Guid tenantId)
    {
        await using var data = NpgsqlDataSource.Create(fx.Db.Database.Admin);
        await using var select = data.CreateCommand("SELECT id, state, attempts, percent FROM budget_webhook_deliveries WHERE tenant_id = $1");
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenantId });
        await using var r = await select.ExecuteReaderAsync();
        DeliveryRow? row = null;
        while (await r.ReadAsync())
        {
            Assert.Null(row); // one delivery per budget, period and threshold
            row = new DeliveryRow(r.GetGuid(0), r.GetString(1), r.GetInt32(2), r.GetInt32(3));
        }
        return row;
    }
}
