using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Serverless.Core.Budgets;
using Serverless.Core.Data;
using Serverless.Core.Drafts;

namespace Serverless.Core.Tests.Budgets;

/// <summary>The budget client in front of a model (a fake one: the model is the edge of the world).</summary>
public sealed class BudgetChatClientTests(ClassDatabase fixture) : IClassFixture<ClassDatabase>
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeModel _model = new();
    private readonly RecordedWarnings _warnings = new();

    private BudgetLedger Ledger => new(fixture.Db.App, _time);

    private BudgetChatClient Client => new(_model, Ledger, new FlatPricing(), new TokenCounter(), _time, _warnings, defaultMaxOutputTokens: 200);

    private static List<ChatMessage> Prompt => [new(ChatRole.System, "You write drafts."), new(ChatRole.User, "Write about Lambda pricing.")];

    private static ChatOptions For(Guid tenant, string usageId, PendingSettlements? settlements = null)
    {
        var options = new ChatOptions();
        new LlmCall(tenant, "drafts.generate", usageId) { Settlements = settlements }.AttachTo(options);
        return options;
    }

    [Fact]
    public async Task A_call_that_does_not_fit_never_reaches_the_model_and_is_audited()
    {
        var tenant = (await fixture.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        await Ledger.SetAsync(tenant, Budget.AllFeatures, tokenLimit: 100, null, null, WhenExhausted.Refuse, default);

        var error = await Assert.ThrowsAsync<BudgetExhaustedException>(() => Client.GetResponseAsync(Prompt, For(tenant, "job-1/1")));

        Assert.Equal(0, _model.Calls);
        Assert.Equal(BudgetMeasure.Tokens, error.Refusal.Measure);
        Assert.Single(_warnings.Refusals);
        Assert.Equal(1L, await CountAuditAsync(tenant, "budget.refused"));
    }

    [Fact]
    public async Task A_call_reserves_its_worst_case_and_settles_to_what_the_provider_reported()
    {
        var tenant = (await fixture.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        await Ledger.SetAsync(tenant, Budget.AllFeatures, tokenLimit: 10_000, costLimitMicros: 1_000_000, null, WhenExhausted.Refuse, default);
        _model.Usage = new UsageDetails { InputTokenCount = 20, OutputTokenCount = 120 };
        _model.BeforeAnswer = async () =>
        {
            var during = Assert.Single(await Ledger.StatusAsync(tenant, "drafts.generate", default));
            _model.HeldDuringCall = during.ReservedTokens;
        };

        await Client.GetResponseAsync(Prompt, For(tenant, "job-2/1"));

        var status = Assert.Single(await Ledger.StatusAsync(tenant, "drafts.generate", default));
        Assert.Equal(200, _model.MaxOutputTokensSeen);
        Assert.True(_model.HeldDuringCall > 200, $"held {_model.HeldDuringCall}: the prompt and the maximum answer");
        Assert.Equal((0L, 140L), (status.ReservedTokens, status.SettledTokens));
        Assert.Equal(20 * 1 + 120 * 2, status.SettledMicros); // FlatPricing: 1 and 2 micros per token
    }

    [Fact]
    public async Task A_failed_call_gives_its_hold_back_and_spends_nothing()
    {
        var tenant = (await fixture.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        await Ledger.SetAsync(tenant, Budget.AllFeatures, tokenLimit: 10_000, null, null, WhenExhausted.Refuse, default);
        _model.Failure = new HttpRequestException("provider down");

        await Assert.ThrowsAsync<HttpRequestException>(() => Client.GetResponseAsync(Prompt, For(tenant, "job-3/1")));

        var status = Assert.Single(await Ledger.StatusAsync(tenant, "drafts.generate", default));
        Assert.Equal((0L, 0L), (status.ReservedTokens, status.SettledTokens));
    }

    [Fact]
    public async Task A_call_that_names_no_tenant_is_refused_before_the_model()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => Client.GetResponseAsync(Prompt, new ChatOptions()));

        Assert.Equal(0, _model.Calls);
    }

    [Fact]
    public async Task Crossing_a_warning_threshold_is_reported_once()
    {
        var tenant = (await fixture.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        await Ledger.SetAsync(tenant, Budget.AllFeatures, tokenLimit: 1_000, null, [50], WhenExhausted.Refuse, default);
        _model.Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 200 };

        await Client.GetResponseAsync(Prompt, For(tenant, "job-4/1"));
        await Client.GetResponseAsync(Prompt, For(tenant, "job-5/1"));
        await Client.GetResponseAsync(Prompt, For(tenant, "job-6/1"));

        Assert.Equal([50], _warnings.Crossings.Select(w => w.Percent));
    }

    [Fact]
    public async Task A_call_that_hands_its_settlement_to_the_job_stays_held_until_the_jobs_transaction_commits_it()
    {
        var tenant = (await fixture.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        await Ledger.SetAsync(tenant, Budget.AllFeatures, tokenLimit: 1_000, null, [10], WhenExhausted.Refuse, default);
        _model.Usage = new UsageDetails { InputTokenCount = 20, OutputTokenCount = 120 };
        var pending = new PendingSettlements();

        await Client.GetResponseAsync(Prompt, For(tenant, "job-7/1", pending));
        var held = Assert.Single(await Ledger.StatusAsync(tenant, "drafts.generate", default));
        await using (var rolledBack = await TenantSession.BeginAsync(fixture.Db.App, DataSourceKind.Primary, tenant, "test", default))
        {
            await BudgetLedger.SettleWithinAsync(rolledBack, tenant, pending, null, default);
        }
        var afterRollback = Assert.Single(await Ledger.StatusAsync(tenant, "drafts.generate", default));
        await using (var committed = await TenantSession.BeginAsync(fixture.Db.App, DataSourceKind.Primary, tenant, "test", default))
        {
            var done = await BudgetLedger.SettleWithinAsync(committed, tenant, pending, null, default);
            await committed.CommitAsync(default);
            pending.Settled(done);
        }

        Assert.True(held.ReservedTokens > 200 && held.SettledTokens == 0, $"held {held.ReservedTokens}, settled {held.SettledTokens}");
        Assert.Equal((held.ReservedTokens, 0L), (afterRollback.ReservedTokens, afterRollback.SettledTokens));
        var settled = Assert.Single(await Ledger.StatusAsync(tenant, "drafts.generate", default));
        Assert.Equal((0L, 140L), (settled.ReservedTokens, settled.SettledTokens));
        Assert.Equal(0, pending.Count);
        Assert.Equal([10], _warnings.Crossings.Select(w => w.Percent));
    }

    [Fact]
    public async Task A_repair_call_meets_the_first_calls_real_spend_not_its_worst_case()
    {
        // 400 fits the first call's worst case (~210) and then the repair's (~225) only once the first is settled at 140.
        var tenant = (await fixture.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        await Ledger.SetAsync(tenant, Budget.AllFeatures, tokenLimit: 400, null, null, WhenExhausted.Refuse, default);
        _model.Usage = new UsageDetails { InputTokenCount = 20, OutputTokenCount = 120 };
        var pending = new PendingSettlements();
        var conversation = Prompt;

        var first = await Client.GetResponseAsync(conversation, For(tenant, "job-8", pending));
        conversation.Add(new ChatMessage(ChatRole.Assistant, first.Text));
        conversation.Add(new ChatMessage(ChatRole.User, "That does not match the schema; answer again."));
        await Client.GetResponseAsync(conversation, For(tenant, "job-8", pending));
        await Ledger.SettleAsync(pending, default);

        Assert.Equal(2, _model.Calls);
        var status = Assert.Single(await Ledger.StatusAsync(tenant, "drafts.generate", default));
        Assert.Equal((0L, 280L), (status.ReservedTokens, status.SettledTokens));
    }

    private async Task<long> CountAuditAsync(Guid tenant, string action)
    {
        await using var admin = new NpgsqlConnection(fixture.Db.Database.Admin);
        await admin.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM audit_log WHERE tenant_id = $1 AND action = $2", admin);
        count.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = tenant });
        count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = action });
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private sealed class FlatPricing : ICallPricing
    {
        public CallPrice PriceOf(string? model, DateTimeOffset at) => new("test-1", 1_000_000, 2_000_000);
    }

    private sealed class RecordedWarnings : IBudgetWarnings
    {
        public List<BudgetWarning> Crossings { get; } = [];

        public List<BudgetRefusal> Refusals { get; } = [];

        public void Crossed(BudgetWarning warning) => Crossings.Add(warning);

        public void Refused(LlmCall call, BudgetRefusal refusal) => Refusals.Add(refusal);
    }

    private sealed class FakeModel : IChatClient
    {
        public int Calls { get; private set; }

        public int? MaxOutputTokensSeen { get; private set; }

        public long HeldDuringCall { get; set; }

        public UsageDetails? Usage { get; set; }

        public Exception? Failure { get; set; }

        public Func<Task>? BeforeAnswer { get; set; }

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            MaxOutputTokensSeen = options?.MaxOutputTokens;
            if (BeforeAnswer is { } before)
            {
                await before();
            }
            if (Failure is { } failure)
            {
                throw failure;
            }
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "{\"title\":\"t\",\"body\":\"b\"}")) { Usage = Usage, ModelId = "small" };
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }
}
