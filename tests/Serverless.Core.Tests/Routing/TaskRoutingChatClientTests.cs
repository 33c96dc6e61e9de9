using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Serverless.Core.Budgets;
using Serverless.Core.Drafts;
using Serverless.Core.Routing;

namespace Serverless.Core.Tests.Routing;

/// <summary>Model choice by task, overridable per tenant, downgrading instead of refusing where a tenant says so.</summary>
public sealed class TaskRoutingChatClientTests(ClassDatabase fixture) : IClassFixture<ClassDatabase>
{
    private readonly RoutingOptions _options = new();
    private readonly TierModel _model = new();

    private TenantRoutes Routes => new(fixture.Db.App, TimeProvider.System, _options);

    private TaskRoutingChatClient Router(IChatClient below, TenantRoutes? routes = null) =>
        new(below, _options, routes ?? Routes, new TokenCounter(), NullLogger<TaskRoutingChatClient>.Instance);

    private static List<ChatMessage> Prompt => [new(ChatRole.User, "Outline an article about Lambda cold starts.")];

    private static ChatOptions For(Guid tenant, string task, string? promptTier = null)
    {
        var options = new ChatOptions { AdditionalProperties = [] };
        if (promptTier is not null)
        {
            options.AdditionalProperties[ChatMetadata.ModelHint] = promptTier;
        }
        new LlmCall(tenant, task, Guid.NewGuid().ToString("N")).AttachTo(options);
        return options;
    }

    [Fact]
    public async Task Each_task_goes_to_its_tier_and_the_reason_is_on_the_response()
    {
        var tenant = (await fixture.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;

        var outline = await Router(_model).GetResponseAsync(Prompt, For(tenant, "outline.generate"));
        var draft = await Router(_model).GetResponseAsync(Prompt, For(tenant, "drafts.generate"));
        var unknown = await Router(_model).GetResponseAsync(Prompt, For(tenant, "summary.generate"));

        Assert.Equal(["small", "large", "large"], _model.Tiers);
        Assert.Equal(new ModelRoute("outline.generate", "small", RouteReason.Task), outline.AdditionalProperties![TaskRoutingChatClient.RouteKey]);
        Assert.Equal(RouteReason.Task, ((ModelRoute)unknown.AdditionalProperties![TaskRoutingChatClient.RouteKey]!).Reason);
        Assert.NotNull(draft);
    }

    [Fact]
    public async Task A_tenant_override_wins_over_the_prompt_version_and_the_table()
    {
        var tenant = (await fixture.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        var other = (await fixture.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        var routes = Routes;
        await routes.SetAsync(tenant, "drafts.generate", "small", default);
        // Overrides are read from the replica (cached for a while): let it replay the write first.
        await fixture.Db.Database.WaitForReplicaAsync();

        var overridden = await Router(_model, routes).GetResponseAsync(Prompt, For(tenant, "drafts.generate", promptTier: "large"));
        var byPrompt = await Router(_model, routes).GetResponseAsync(Prompt, For(other, "drafts.generate", promptTier: "medium"));

        Assert.Equal(["small", "medium"], _model.Tiers);
        Assert.Equal(RouteReason.TenantOverride, ((ModelRoute)overridden.AdditionalProperties![TaskRoutingChatClient.RouteKey]!).Reason);
        Assert.Equal(RouteReason.PromptVersion, ((ModelRoute)byPrompt.AdditionalProperties![TaskRoutingChatClient.RouteKey]!).Reason);
    }

    [Fact]
    public async Task Near_the_limit_a_downgrade_budget_gets_the_small_model_and_a_refuse_budget_gets_refused()
    {
        var ledger = new BudgetLedger(fixture.Db.App, TimeProvider.System);
        var downgrading = (await fixture.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        var refusing = (await fixture.Db.Seeder.TenantWithKeyAsync()).Tenant.Id;
        // 1,000 output tokens cost 10,000 micros on "large" and 1,000 on "small": only small fits 5,000.
        await ledger.SetAsync(downgrading, Budget.AllFeatures, null, costLimitMicros: 5_000, null, WhenExhausted.Downgrade, default);
        await ledger.SetAsync(refusing, Budget.AllFeatures, null, costLimitMicros: 5_000, null, WhenExhausted.Refuse, default);
        var budget = new BudgetChatClient(_model, ledger, new TierPricing(), new TokenCounter(), TimeProvider.System, new IgnoredWarnings(), defaultMaxOutputTokens: 1_000);

        var downgraded = await Router(budget).GetResponseAsync(Prompt, For(downgrading, "drafts.generate"));
        await Assert.ThrowsAsync<BudgetExhaustedException>(() => Router(budget).GetResponseAsync(Prompt, For(refusing, "drafts.generate")));

        Assert.Equal(["small"], _model.Tiers);
        Assert.Equal(new ModelRoute("drafts.generate", "small", RouteReason.BudgetDowngrade), downgraded.AdditionalProperties![TaskRoutingChatClient.RouteKey]);
    }

    private sealed class TierPricing : ICallPricing
    {
        public CallPrice PriceOf(string? model, DateTimeOffset at) =>
            model == "small" ? new CallPrice("t", 1_000_000, 1_000_000) : new CallPrice("t", 10_000_000, 10_000_000);
    }

    private sealed class IgnoredWarnings : IBudgetWarnings
    {
        public void Crossed(BudgetWarning warning) { }

        public void Refused(LlmCall call, BudgetRefusal refusal) { }
    }

    private sealed class TierModel : IChatClient
    {
        public List<string> Tiers { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var tier = options?.AdditionalProperties?[ChatMetadata.ModelHint]?.ToString() ?? "none";
            Tiers.Add(tier);
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { ModelId = tier, Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 10 } });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose() { }
    }
}
