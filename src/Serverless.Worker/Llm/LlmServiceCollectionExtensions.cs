using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Serverless.Core.Budgets;
using Serverless.Core.Drafts;
using Serverless.Core.Routing;
using Serverless.Core.Secrets;
using Serverless.Llm;
using Serverless.Llm.Caching;
using Serverless.Llm.Caching.Exact;
using Serverless.Llm.Caching.Semantic;
using Serverless.Llm.Pricing;

namespace Serverless.Worker.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// One <see cref="IChatClient"/>: the configured providers in fallback order, each HTTP provider behind
    /// its own resilience pipeline (total and per-attempt timeouts, retries with jitter honouring
    /// Retry-After, a circuit breaker), so one provider's outage opens only its own circuit.
    /// </summary>
    public static IServiceCollection AddLlm(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LlmOptions>()
            .BindConfiguration(LlmOptions.Section)
            .Validate(o => o.Effective.All(p => p.Kind is LlmProviderKinds.OpenAi or LlmProviderKinds.Offline), "Llm:Providers:*:Kind must be openai or offline.")
            .Validate(o => o.Effective.All(p => !string.IsNullOrWhiteSpace(p.Name)), "Every Llm provider needs a Name.")
            .Validate(o => o.Effective.Where(p => p.Kind == LlmProviderKinds.OpenAi).All(p => Uri.TryCreate(p.BaseUrl, UriKind.Absolute, out _) && !string.IsNullOrWhiteSpace(p.Model)), "OpenAI-compatible providers need BaseUrl and Model.")
            .Validate(o => o.AttemptTimeoutSeconds > 0 && o.TotalTimeoutSeconds > o.AttemptTimeoutSeconds, "Llm:TotalTimeoutSeconds must exceed Llm:AttemptTimeoutSeconds.")
            .Validate(o => o.BreakerSamplingSeconds >= 2 * o.AttemptTimeoutSeconds, "Llm:BreakerSamplingSeconds must be at least twice Llm:AttemptTimeoutSeconds.")
            .Validate<IHostEnvironment>(
                (o, env) => !o.UsesOffline || o.AllowOffline || env.IsDevelopment(),
                "The offline model runs only in Development: configure Llm:Providers (e.g. Bedrock's OpenAI-compatible endpoint), or set Llm:AllowOffline=true to choose it knowingly.")
            .ValidateOnStart();

        // Named clients must exist before the container is built, so the provider list is read here once.
        var llm = new LlmOptions();
        configuration.GetSection(LlmOptions.Section).Bind(llm);
        // A provider outage opens its circuit; the jobs whose calls failed before it opened are retried by the
        // queue, so the queue's retry schedule must reach past the open period or they reach the DLQ first.
        services.AddOptions<Serverless.Worker.Jobs.WorkerOptions>()
            .Validate(worker => Serverless.Worker.Jobs.RetrySchedule.ReachSeconds(worker) >= llm.BreakerBreakSeconds,
                "The queue's retries (Worker:RetryBaseSeconds doubling up to Worker:RetryMaxSeconds over Worker:MaxAttempts deliveries) must reach past Llm:BreakerBreakSeconds: raise MaxAttempts or RetryBaseSeconds, or shorten the break.")
            .ValidateOnStart();

        foreach (var provider in llm.Effective.Where(p => p.Kind == LlmProviderKinds.OpenAi))
        {
            services.AddHttpClient(OpenAiCompatibleChatClient.HttpClientName(provider.Name), c => c.Timeout = Timeout.InfiniteTimeSpan)
                .AddStandardResilienceHandler(r =>
                {
                    r.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(llm.TotalTimeoutSeconds);
                    r.AttemptTimeout.Timeout = TimeSpan.FromSeconds(llm.AttemptTimeoutSeconds);
                    r.Retry.MaxRetryAttempts = llm.MaxRetries;
                    r.Retry.Delay = TimeSpan.FromSeconds(llm.RetryDelaySeconds);
                    r.Retry.BackoffType = Polly.DelayBackoffType.Exponential;
                    r.Retry.UseJitter = true;
                    r.Retry.ShouldRetryAfterHeader = true;
                    r.CircuitBreaker.FailureRatio = llm.BreakerFailureRatio;
                    r.CircuitBreaker.MinimumThroughput = llm.BreakerMinimumThroughput;
                    r.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(llm.BreakerSamplingSeconds);
                    r.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(llm.BreakerBreakSeconds);
                });
        }

        services.AddSingleton<Serverless.Aws.Permissions.IAwsNeeds, LlmNeeds>();
        // Budgets and routing in front of every provider (docs/cost-control.md): the router picks the tier,
        // the budget client reserves the call's worst case before it goes out and settles it after.
        services.AddSingleton<BudgetLedger>();
        services.AddSingleton<IBudgetWarnings, BudgetSignals>();
        services.AddOptions<BudgetOptions>().BindConfiguration(BudgetOptions.Section)
            .Validate(o => o.WebhookEverySeconds >= 1 && o.WebhookRetryBaseSeconds > 0 && o.WebhookRetryMaxSeconds >= o.WebhookRetryBaseSeconds
                && o.WebhookMaxAttempts >= 1 && o.WebhookTimeoutSeconds >= 1, "Budgets:Webhook* settings are out of range.")
            .Validate(o => o.StaleReservationMinutes * 60 > llm.TotalTimeoutSeconds && o.SweepEverySeconds >= 1,
                "Budgets:StaleReservationMinutes must outlast Llm:TotalTimeoutSeconds (a live call's hold must never be swept), and Budgets:SweepEverySeconds be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<LateSettlements>();
        services.AddSingleton<BudgetSweeper>();
        services.AddSecretsAtRest();
        services.AddSingleton<BudgetWebhooks>();
        services.AddSingleton<BudgetWebhookDispatcher>();
        // Our own retries with backoff (BudgetWebhookDispatcher); no resilience handler, so an attempt is one request.
        services.AddHttpClient(BudgetWebhookDispatcher.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddOptions<RoutingOptions>().BindConfiguration(RoutingOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<RoutingOptions>>().Value);
        services.AddSingleton<TenantRoutes>();
        // Priced by the first provider's list prices; a provider or model the table lacks gets the dearest price.
        services.AddSingleton<ICallPricing>(_ => new PriceTableCallPricing(PriceTable.Default, llm.Effective.FirstOrDefault()?.Name ?? "offline"));
        services.AddSingleton<TenantLlmSettings>();
        // The caches need Redis (AddWorkerRedis); a worker without it runs uncached.
        var cached = Serverless.Worker.WorkerRedisExtensions.HasRedis(configuration);
        if (cached)
        {
            services.AddLlmCaching(
                exact: o => configuration.GetSection(ExactCacheOptions.Section).Bind(o),
                semantic: o => configuration.GetSection(SemanticCacheOptions.Section).Bind(o));
        }
        services.AddSingleton<IChatClient>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LlmOptions>>().Value;
            var chain = options.Effective.Select(p => (p.Name, p.Kind == LlmProviderKinds.OpenAi
                ? (IChatClient)new OpenAiCompatibleChatClient(sp.GetRequiredService<IHttpClientFactory>(), p)
                : new OfflineChatClient(p.Name))).ToList();
            var providers = new FallbackChatClient(chain, sp.GetRequiredService<ILogger<FallbackChatClient>>(), TimeSpan.FromSeconds(options.BreakerBreakSeconds));
            var tokens = sp.GetRequiredService<TokenCounter>();
            var budget = new BudgetChatClient(
                providers, sp.GetRequiredService<BudgetLedger>(), sp.GetRequiredService<ICallPricing>(), tokens,
                sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IBudgetWarnings>(), options.MaxOutputTokens);
            // Router → caches → budget → providers: the router picks the tier the caches key by, and a hit
            // returns before the budget client, so it reserves and spends nothing (the ledger records it as a hit).
            IChatClient routed = budget;
            if (cached)
            {
                routed = new ChatClientBuilder(budget)
                    .Use((inner, services) => new CacheLedgerChatClient(
                        inner, services.GetRequiredService<BudgetLedger>(), services.GetRequiredService<ICallPricing>(),
                        services.GetRequiredService<TenantLlmSettings>(), services.GetRequiredService<TimeProvider>(),
                        tier => CacheModel(options, tier), services.GetRequiredService<ILogger<CacheLedgerChatClient>>()))
                    .UseLlmCaches()
                    .Build(sp);
            }
            return new TaskRoutingChatClient(
                routed, sp.GetRequiredService<RoutingOptions>(), sp.GetRequiredService<TenantRoutes>(), tokens,
                sp.GetRequiredService<ILogger<TaskRoutingChatClient>>());
        });
        return services;
    }

    /// <summary>
    /// What answers a tier: every provider of the chain with the model it maps the tier to. A cached answer
    /// is keyed by it, so changing a provider's model (or the chain) never serves the old model's answers.
    /// </summary>
    private static string CacheModel(LlmOptions options, string? tier) =>
        (tier ?? "default") + "=" + string.Join(",", options.Effective.Select(p =>
            p.Name + ":" + (p.Kind == LlmProviderKinds.Offline ? "offline"
                : tier is not null && p.Models.TryGetValue(tier, out var mapped) ? mapped : p.Model)));
}
